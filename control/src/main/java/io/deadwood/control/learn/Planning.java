package io.deadwood.control.learn;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolver;
import io.deadwood.control.optim.ControlPlan;
import io.deadwood.control.optim.Scoring;
import io.deadwood.control.optim.Solution;
import io.deadwood.control.optim.TrajectoryOptimizer;

/**
 * Plans on a problem (true or learned) with one of the trajectory optimisers and scores the plan on
 * the TRUE dynamics, as Myriad does: the controls are integrated through the real system (RK4, fine
 * step) and its cost is what counts. A plan for a system with a fixed end state is also judged by how
 * far the true end lands from it. Where the solver does not converge, an optional {@code fallback}
 * solver (with its own, usually shorter, limits) has a go too.
 */
public record Planning(String optimizer, Integrator integrator, int intervals, NlpSolver solver, NlpOptions options,
                       NlpSolver fallback, NlpOptions fallbackOptions) {

    public Planning(String optimizer, Integrator integrator, int intervals, NlpSolver solver, NlpOptions options) {
        this(optimizer, integrator, intervals, solver, options, null, null);
    }

    /**
     * @param cost      the true cost of the plan
     * @param endError  largest |x(T) - target| over the fixed end components (0 when the end is free)
     * @param converged the optimiser's verdict on the problem it planned on
     * @param states    the true states at the interval ends under the plan
     */
    public record Scored(double cost, double endError, boolean converged, String status, int iterations, double seconds,
                         ControlPlan controls, double[][] states, double[][] plannedStates) {
    }

    public Scored plan(ControlProblem planOn, ControlProblem truth) {
        int n = truth.discreteTime() ? (int) Math.round(truth.horizon()) : intervals;
        long start = System.nanoTime();
        TrajectoryOptimizer o = TrajectoryOptimizer.of(optimizer);
        // A discrete-time system has no collocation: its steps are shot.
        if (o.inapplicable(planOn).isPresent()) o = TrajectoryOptimizer.of("multiple-shooting");
        Solution s = o.solve(planOn, integrator, n, solver, options);
        if (!s.converged() && fallback != null) {
            // The other solver's plan replaces it when that converged, or ended lower on the problem planned on
            // (never judged by the true cost, which the planner may not see).
            Solution other = o.solve(planOn, integrator, n, fallback, fallbackOptions);
            if (other.converged() || better(planOn, other, s)) s = other;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Rollout.Result r = Scoring.score(truth, s.controls());
        return new Scored(r.cost(), endError(truth, r.states()[r.states().length - 1]), s.converged(), s.status(),
                s.nlp().iterations(), seconds, s.controls(), r.states(), s.states());
    }

    /** Whether a's plan is feasible to the options' tolerance and cheaper than b's, both on the problem planned on. */
    private boolean better(ControlProblem planOn, Solution a, Solution b) {
        boolean aOk = a.nlp().violation() <= Math.sqrt(options.tolerance()), bOk = b.nlp().violation() <= Math.sqrt(options.tolerance());
        if (aOk != bOk) return aOk;
        return a.nlp().objective() < b.nlp().objective();
    }

    static double endError(ControlProblem p, double[] end) {
        double[] target = p.terminalState();
        if (target == null) return 0;
        double worst = 0;
        for (int i = 0; i < target.length; i++) if (!Double.isNaN(target[i])) worst = Math.max(worst, Math.abs(end[i] - target[i]));
        return worst;
    }

    /** (cost - reference) / |reference|, or the plain difference when the reference is about zero. */
    public static double gap(double cost, double reference) {
        double scale = Math.abs(reference) > 1e-9 ? Math.abs(reference) : 1;
        return (cost - reference) / scale;
    }
}
