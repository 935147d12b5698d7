package io.deadwood.control.nlp.ipopt;

import io.deadwood.control.nlp.Nlp;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolution;
import io.deadwood.control.nlp.NlpSolver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The NLP solvers in order of preference: a solve runs the first one available here, or the one
 * asked for by id, and its solution's {@code solver} field says which ran and why.
 */
public final class NlpSolvers {

    private final List<NlpSolver> preference;

    public NlpSolvers(List<NlpSolver> preference) {
        if (preference.isEmpty()) throw new IllegalArgumentException("no NLP solvers given");
        Set<String> ids = new HashSet<>();
        for (NlpSolver s : preference) {
            if (!ids.add(s.id())) throw new IllegalArgumentException("two NLP solvers with id " + s.id());
        }
        this.preference = List.copyOf(preference);
    }

    /** IPOPT where it is installed, else {@code fallback} (the pure-Java solver). */
    public static NlpSolvers ipoptElse(NlpSolver fallback) {
        return new NlpSolvers(List.of(new IpoptSolver(), fallback));
    }

    public List<NlpSolver> solvers() { return preference; }

    /** The first available solver, with the reason the ones before it were passed over. */
    public Choice choose() {
        List<String> skipped = new ArrayList<>();
        for (NlpSolver s : preference) {
            NlpSolver.Availability a = s.availability();
            if (a.available()) {
                String why = skipped.isEmpty() ? "the first choice" : "because " + String.join("; ", skipped);
                return new Choice(s, a.reason().isEmpty() ? why : why + " (" + a.reason() + ")");
            }
            skipped.add(s.id() + " is unavailable: " + a.reason());
        }
        throw new IllegalStateException("no NLP solver can run here: " + String.join("; ", skipped));
    }

    /** The solver with this id, refused with the reason when it cannot run here. */
    public Choice choose(String id) {
        for (NlpSolver s : preference) {
            if (!s.id().equals(id)) continue;
            NlpSolver.Availability a = s.availability();
            if (!a.available()) throw new IllegalArgumentException("NLP solver " + id + " cannot run here: " + a.reason());
            return new Choice(s, "as asked");
        }
        throw new IllegalArgumentException("unknown NLP solver '" + id + "'; known: "
                + String.join(", ", preference.stream().map(NlpSolver::id).toList()));
    }

    public NlpSolution solve(Nlp nlp, NlpOptions options) { return choose().solve(nlp, options); }

    /** A solver and why it was chosen. */
    public record Choice(NlpSolver solver, String reason) {

        /** Solves, recording in the solution which solver ran and why. */
        public NlpSolution solve(Nlp nlp, NlpOptions options) {
            NlpSolution s = solver.solve(nlp, options);
            return new NlpSolution(s.z(), s.objective(), s.violation(), s.converged(), s.status(), s.iterations(),
                    s.seconds(), solver.id() + ", " + reason);
        }
    }
}
