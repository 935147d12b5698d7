package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolver;
import java.util.List;
import java.util.Optional;

/** A method that turns a control problem into a plan: a transcription plus an NLP solver, or an indirect method. */
public interface TrajectoryOptimizer {

    /** single-shooting, multiple-shooting, trapezoidal, hermite-simpson, fbsm. */
    String id();

    /** Why this optimiser cannot solve p, or empty when it can. */
    Optional<String> inapplicable(ControlProblem p);

    /**
     * @param integrator the step rule for the shooting methods and the sweep; collocation uses its own rule
     * @param intervals  N, at least 1
     * @param solver     the NLP solver (the sweep ignores it)
     * @param options    tolerance and iteration limit
     */
    Solution solve(ControlProblem p, Integrator integrator, int intervals, NlpSolver solver, NlpOptions options);

    static List<TrajectoryOptimizer> all() {
        return List.of(DirectOptimizer.SINGLE_SHOOTING, DirectOptimizer.MULTIPLE_SHOOTING, DirectOptimizer.TRAPEZOIDAL,
                DirectOptimizer.HERMITE_SIMPSON, new ForwardBackwardSweep());
    }

    static TrajectoryOptimizer of(String id) {
        for (TrajectoryOptimizer o : all()) if (o.id().equals(id)) return o;
        throw new IllegalArgumentException("unknown optimizer '" + id
                + "'; choose one of: single-shooting, multiple-shooting, trapezoidal, hermite-simpson, fbsm");
    }
}
