package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolution;
import io.deadwood.control.nlp.ScaledNlp;
import io.deadwood.control.nlp.NlpSolver;
import java.util.Optional;

/** A direct method: transcribe the problem into an NLP, solve it, and score the plan through the true dynamics. */
final class DirectOptimizer implements TrajectoryOptimizer {

    interface Factory {
        Transcription transcribe(ControlProblem p, Integrator integrator, int intervals);
    }

    static final DirectOptimizer SINGLE_SHOOTING = new DirectOptimizer("single-shooting", false, SingleShooting::new);
    static final DirectOptimizer MULTIPLE_SHOOTING = new DirectOptimizer("multiple-shooting", false, MultipleShooting::new);
    static final DirectOptimizer TRAPEZOIDAL = new DirectOptimizer("trapezoidal", true, Trapezoidal::new);
    static final DirectOptimizer HERMITE_SIMPSON = new DirectOptimizer("hermite-simpson", true, HermiteSimpson::new);

    private final String id;
    private final boolean collocation;
    private final Factory factory;

    private DirectOptimizer(String id, boolean collocation, Factory factory) {
        this.id = id;
        this.collocation = collocation;
        this.factory = factory;
    }

    @Override public String id() { return id; }

    @Override
    public Optional<String> inapplicable(ControlProblem p) {
        if (collocation && p.discreteTime()) {
            return Optional.of(p.id() + " is a discrete-time system; collocation needs continuous dynamics (use a shooting method)");
        }
        return Optional.empty();
    }

    /** The NLP this optimiser hands to its solver, for inspection and for other solvers. */
    Transcription transcribe(ControlProblem p, Integrator integrator, int intervals) {
        inapplicable(p).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        return factory.transcribe(p, integrator, intervals);
    }

    @Override
    public Solution solve(ControlProblem p, Integrator integrator, int intervals, NlpSolver solver, NlpOptions options) {
        Transcription t = transcribe(p, integrator, intervals);
        ControlPlan guess = t.decode(t.start()).controls();
        ScaledNlp scaled = t.scaled();
        NlpSolution s = scaled.unscale(solver.solve(scaled, options));
        Transcription.Decoded d = t.decode(s.z());
        double cost = Scoring.score(p, d.controls()).cost();
        return new Solution(id, t.rule(), intervals, d.times(), d.states(), d.controls(), cost, s, guess);
    }
}
