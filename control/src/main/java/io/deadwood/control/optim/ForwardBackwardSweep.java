package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolution;
import io.deadwood.control.nlp.NlpSolver;
import java.util.Arrays;
import java.util.Optional;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * {@code fbsm}: the forward-backward sweep of Lenhart and Workman, the indirect method, for their
 * book's systems. With the Hamiltonian H = L(x, u, t) + lambda . f(x, u, t): the state is integrated
 * forward under the current control, the adjoint backward from lambda(T) = dphi/dx along
 * dlambda/dt = -dH/dx, and the control at each node is the minimiser of H over the control bounds
 * (projected Newton on dH/du = 0); the new control is averaged with the old one (the book's
 * relaxation) until control, state and adjoint all change by less than the tolerance relative to
 * their size. dH/dx comes from a forward-mode Gradient and dH/du, d2H/du2 from a second-order
 * DerivativeStructure, so the method needs nothing from a system beyond its generic dynamics.
 *
 * <p>In discrete time (x[k+1] = f(x[k], u[k], k)) the same holds with lambda[k] = dH/dx at step k,
 * where H_k = L(x[k], u[k], k) + lambda[k+1] . f(x[k], u[k], k), and u[k] minimising H_k.
 *
 * <p>A fixed terminal state component x_i(T) = b_i (the predator-prey lab's total amount of
 * pesticide) frees its adjoint's end value: the book's adapted sweep treats lambda_i(T) as an unknown
 * theta and solves x_i(T; theta) = b_i by the secant method around the sweep. Here several fixed
 * components are solved together by Broyden's method (the secant method when there is one), each
 * evaluation a full relaxation started from the previous one's control.
 *
 * <p>The sweep does not see state bounds: where a bound is active at the optimum it solves a
 * different problem, and the result's violation says by how much its states break them.
 */
final class ForwardBackwardSweep implements TrajectoryOptimizer {
    /** Secant (Broyden) steps on the free terminal adjoints before the sweep gives up on a fixed end. */
    static final int END_STEPS = 40;
    /** The probes of theta, from its start at 0, that give the first secant matrix: the first that moves the end. */
    private static final double[] PROBES = {0.1, -0.1, 1, -1, 10, -10};
    private static final int HALVINGS = 8;

    @Override public String id() { return "fbsm"; }

    @Override
    public Optional<String> inapplicable(ControlProblem p) {
        if (!p.lenhart()) return Optional.of("fbsm solves Lenhart and Workman's systems; " + p.id() + " is not one (use a direct optimizer)");
        return Optional.empty();
    }

    @Override
    public Solution solve(ControlProblem p, Integrator integrator, int intervals, NlpSolver solver, NlpOptions options) {
        inapplicable(p).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        if (intervals < 1) throw new IllegalArgumentException("intervals must be at least 1, got " + intervals);
        if (p.discreteTime() && intervals != Math.round(p.horizon())) {
            throw new IllegalArgumentException(p.id() + " is in discrete time with " + Math.round(p.horizon())
                    + " steps; use that many intervals, not " + intervals);
        }
        long start = System.nanoTime();
        Sweep s = new Sweep(p, integrator, intervals);
        int points = p.discreteTime() ? intervals : intervals + 1;
        double[][] u = new double[points][];
        double[] lo = p.controlBounds().lower(), hi = p.controlBounds().upper();
        for (int k = 0; k < points; k++) u[k] = clamp(p.guessControl(), lo, hi);
        ControlPlan guess = s.plan(u);
        int[] fixed = fixedEnd(p);
        Outcome o = fixed.length == 0 ? new Outcome(s.relax(u, free(p.states()), options), 0)
                : shootEnd(s, u, fixed, options);
        Sweep.Run run = o.run;
        String status = run.status();
        boolean converged = run.converged();
        ControlPlan plan = s.plan(run.u());
        double cost = Scoring.score(p, plan).cost();
        double violation = 0;
        for (double[] xk : run.x()) for (int i = 0; i < xk.length; i++) {
            violation = Math.max(violation, Math.max(p.stateBounds().lower()[i] - xk[i], xk[i] - p.stateBounds().upper()[i]));
        }
        if (Double.isNaN(violation)) violation = Double.POSITIVE_INFINITY;
        if (violation > 1e-9) status += "; its states break the state bounds by " + violation + " (the sweep does not enforce them)";
        double endMiss = endMiss(p, run.x()[intervals], fixed);
        violation = Math.max(violation, endMiss);
        if (fixed.length > 0) {
            boolean hit = endMiss <= endTolerance(p, fixed, options);
            if (!hit) converged = false;
            status += "; fixed end " + (hit ? "met" : "missed") + " to " + endMiss + " after " + o.endSteps + " secant steps";
        }
        double[] z = Arrays.stream(run.u()).flatMapToDouble(Arrays::stream).toArray();
        NlpSolution result = new NlpSolution(z, cost, violation, converged, status, o.iterations(),
                (System.nanoTime() - start) / 1e9, "fbsm (forward-backward sweep, indirect; state bounds not enforced)");
        double[] times = new double[intervals + 1];
        for (int k = 0; k <= intervals; k++) times[k] = k * s.h;
        return new Solution(id(), integrator.id(), intervals, times, run.x(), plan, cost, result, guess);
    }

    /** The last relaxation, how many sweeps all of them took, and how many secant steps were made on the end. */
    private record Outcome(Sweep.Run run, int iterations, int endSteps) {
        Outcome(Sweep.Run run, int endSteps) {
            this(run, run.iterations(), endSteps);
        }
    }

    /**
     * Broyden's method on theta, the adjoints at T of the fixed components, for x_fixed(T; theta) =
     * b: probes of theta ({@link #PROBES}) give the starting Jacobian, and a step that makes the miss
     * worse is halved.
     */
    private static Outcome shootEnd(Sweep s, double[][] u, int[] fixed, NlpOptions options) {
        ControlProblem p = s.p;
        int f = fixed.length, sweeps = 0;
        double[] theta = new double[f];
        Sweep.Run run = s.relax(u, endAdjoint(p.states(), fixed, theta), options);
        sweeps += run.iterations();
        if (!run.converged()) return new Outcome(run, sweeps, 0);
        double[] r = residual(p, run, fixed);
        double tol = endTolerance(p, fixed, options);
        double[][] jacobian = new double[f][f];
        for (int a = 0; a < f; a++) {
            // Where the control sits on a bound, a small change of theta moves nothing: probe wider, both ways.
            for (double probeStep : PROBES) {
                double[] probe = theta.clone();
                probe[a] += probeStep;
                Sweep.Run tried = s.relax(run.u(), endAdjoint(p.states(), fixed, probe), remaining(options, sweeps));
                sweeps += tried.iterations();
                if (!tried.converged()) return new Outcome(tried, sweeps, a + 1);
                double[] rt = residual(p, tried, fixed);
                double moved = 0;
                for (int b = 0; b < f; b++) {
                    jacobian[b][a] = (rt[b] - r[b]) / probeStep;
                    moved = Math.max(moved, Math.abs(rt[b] - r[b]));
                }
                if (moved > tol) break;
            }
        }
        int steps = f;
        while (inf(r) > tol && steps < END_STEPS && sweeps < options.maxIterations()) {
            double[] step;
            try {
                step = new LUDecomposition(MatrixUtils.createRealMatrix(jacobian)).getSolver()
                        .solve(MatrixUtils.createRealVector(r)).mapMultiply(-1).toArray();
            } catch (RuntimeException singular) {
                return new Outcome(failed(run, "the fixed end does not respond to its adjoint (singular secant matrix)"), sweeps, steps);
            }
            // Broyden's step, halved while it makes the miss worse (a full step can land where the control saturates).
            Sweep.Run tried = null;
            double[] next = null;
            for (int half = 0; half <= HALVINGS; half++) {
                next = theta.clone();
                for (int a = 0; a < f; a++) next[a] += step[a];
                tried = s.relax(run.u(), endAdjoint(p.states(), fixed, next), remaining(options, sweeps));
                sweeps += tried.iterations();
                if (!tried.converged() || inf(residual(p, tried, fixed)) < inf(r)) break;
                for (int a = 0; a < f; a++) step[a] /= 2;
            }
            steps++;
            if (!tried.converged()) return new Outcome(tried, sweeps, steps);
            double[] rn = residual(p, tried, fixed);
            broyden(jacobian, step, r, rn);
            theta = next;
            r = rn;
            run = tried;
        }
        if (inf(r) > tol && sweeps >= options.maxIterations()) {
            run = failed(run, "iteration limit (" + options.maxIterations() + ") reached before the fixed end was met");
        }
        return new Outcome(run, sweeps, steps);
    }

    private static Sweep.Run failed(Sweep.Run run, String why) {
        return new Sweep.Run(run.u(), run.x(), run.lambda(), false, why, run.iterations());
    }

    /** J += (dr - J dtheta) dtheta' / (dtheta' dtheta): the secant condition with the least change. */
    private static void broyden(double[][] j, double[] dTheta, double[] before, double[] after) {
        double norm = 0;
        for (double v : dTheta) norm += v * v;
        if (norm == 0) return;
        for (int b = 0; b < j.length; b++) {
            double predicted = 0;
            for (int a = 0; a < dTheta.length; a++) predicted += j[b][a] * dTheta[a];
            double miss = (after[b] - before[b]) - predicted;
            for (int a = 0; a < dTheta.length; a++) j[b][a] += miss * dTheta[a] / norm;
        }
    }

    private static NlpOptions remaining(NlpOptions options, int used) {
        return new NlpOptions(options.tolerance(), Math.max(1, options.maxIterations() - used), options.maxSeconds());
    }

    /** The components of the state fixed at T. */
    private static int[] fixedEnd(ControlProblem p) {
        double[] end = p.terminalState();
        if (end == null) return new int[0];
        return java.util.stream.IntStream.range(0, end.length).filter(i -> !Double.isNaN(end[i])).toArray();
    }

    private static double[] free(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    private static double[] endAdjoint(int n, int[] fixed, double[] theta) {
        double[] a = free(n);
        for (int k = 0; k < fixed.length; k++) a[fixed[k]] = theta[k];
        return a;
    }

    private static double[] residual(ControlProblem p, Sweep.Run run, int[] fixed) {
        double[] end = run.x()[run.x().length - 1], r = new double[fixed.length];
        for (int k = 0; k < fixed.length; k++) r[k] = end[fixed[k]] - p.terminalState()[fixed[k]];
        return r;
    }

    private static double endMiss(ControlProblem p, double[] end, int[] fixed) {
        double miss = 0;
        for (int i : fixed) miss = Math.max(miss, Math.abs(end[i] - p.terminalState()[i]));
        return Double.isNaN(miss) ? Double.POSITIVE_INFINITY : miss;
    }

    /** The fixed end counts as met to 100 times the tolerance relative to its size: the sweeps inside settle only to the tolerance. */
    private static double endTolerance(ControlProblem p, int[] fixed, NlpOptions options) {
        double size = 1;
        for (int i : fixed) size = Math.max(size, Math.abs(p.terminalState()[i]));
        return 100 * options.tolerance() * size;
    }

    private static double inf(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static double[] clamp(double[] v, double[] lo, double[] hi) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] = Math.min(Math.max(out[i], lo[i]), hi[i]);
        return out;
    }
}
