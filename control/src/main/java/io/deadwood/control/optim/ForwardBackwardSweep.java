package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolution;
import io.deadwood.control.nlp.NlpSolver;
import java.util.Arrays;
import java.util.Optional;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.util.Binary64;
import org.hipparchus.util.MathArrays;

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
 * <p>The sweep does not see state bounds: where a bound is active at the optimum it solves a
 * different problem, and the result's violation says by how much its states break them.
 */
final class ForwardBackwardSweep implements TrajectoryOptimizer {
    /**
     * Weight of the new control in the relaxation: the book's labs average old and new (1/2). Where
     * the sweep map is too strongly coupled for that (the scalar LQR is), a sweep whose update grew
     * is taken back and redone from the previous control with half the weight.
     */
    static final double FIRST_WEIGHT = 0.5, SMALLEST_WEIGHT = 1.0 / 1024;
    private static final int NEWTON_STEPS = 50;

    @Override public String id() { return "fbsm"; }

    @Override
    public Optional<String> inapplicable(ControlProblem p) {
        if (!p.lenhart()) return Optional.of("fbsm solves Lenhart and Workman's systems; " + p.id() + " is not one (use a direct optimizer)");
        double[] end = p.terminalState();
        if (end != null && Arrays.stream(end).anyMatch(v -> !Double.isNaN(v))) {
            return Optional.of(p.id() + " fixes part of its terminal state, which this sweep does not handle (use a direct optimizer)");
        }
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
        double[][] x = s.forward(u), lambda = s.backward(x, u);
        boolean converged = false;
        String status = null;
        int iteration = 0;
        double weight = FIRST_WEIGHT, lastResidual = Double.POSITIVE_INFINITY;
        double[][] lastU = null, lastBest = null;
        while (iteration < options.maxIterations()) {
            iteration++;
            double[][] oldU = u, oldX = x, oldLambda = lambda;
            double[][] best = new double[points][];
            for (int k = 0; k < points; k++) {
                best[k] = s.minimise(x[k], oldU[k], lambda[p.discreteTime() ? k + 1 : k], k * s.h);
                if (best[k] == null) {
                    status = "the Hamiltonian has no minimum in the control at t = " + k * s.h + " (unbounded control with non-positive curvature)";
                    break;
                }
            }
            if (status != null) break;
            double residual = 0;
            for (int k = 0; k < points; k++) for (int j = 0; j < p.controls(); j++) residual += Math.abs(best[k][j] - oldU[k][j]);
            // A sweep whose update grew is taken back and retried from the previous control with half the weight.
            boolean retry = residual > lastResidual && weight > SMALLEST_WEIGHT;
            if (retry) weight /= 2;
            else {
                lastResidual = residual;
                lastU = oldU;
                lastBest = best;
            }
            u = new double[points][];
            for (int k = 0; k < points; k++) {
                u[k] = new double[lastBest[k].length];
                for (int j = 0; j < u[k].length; j++) u[k][j] = (1 - weight) * lastU[k][j] + weight * lastBest[k][j];
            }
            x = s.forward(u);
            lambda = s.backward(x, u);
            if (!finite(x) || !finite(lambda)) {
                status = "diverged: non-finite state or adjoint at sweep " + iteration;
                break;
            }
            double tol = options.tolerance();
            if (!retry && settled(u, oldU, tol) && settled(x, oldX, tol) && settled(lambda, oldLambda, tol)) {
                converged = true;
                status = "converged: control, state and adjoint changed by less than " + tol + " relative (relaxation weight " + weight + ")";
                break;
            }
        }
        if (status == null) status = "iteration limit (" + options.maxIterations() + ") reached before the sweep settled";
        ControlPlan plan = s.plan(u);
        double cost = Scoring.score(p, plan).cost();
        double violation = 0;
        for (double[] xk : x) for (int i = 0; i < xk.length; i++) {
            violation = Math.max(violation, Math.max(p.stateBounds().lower()[i] - xk[i], xk[i] - p.stateBounds().upper()[i]));
        }
        if (Double.isNaN(violation)) violation = Double.POSITIVE_INFINITY;
        if (violation > 1e-9) status += "; its states break the state bounds by " + violation + " (the sweep does not enforce them)";
        double[] z = Arrays.stream(u).flatMapToDouble(Arrays::stream).toArray();
        NlpSolution result = new NlpSolution(z, cost, violation, converged, status, iteration,
                (System.nanoTime() - start) / 1e9, "fbsm (forward-backward sweep, indirect; state bounds not enforced)");
        double[] times = new double[intervals + 1];
        for (int k = 0; k <= intervals; k++) times[k] = k * s.h;
        return new Solution(id(), integrator.id(), intervals, times, x, plan, cost, result, guess);
    }

    private static double[] clamp(double[] v, double[] lo, double[] hi) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] = Math.min(Math.max(out[i], lo[i]), hi[i]);
        return out;
    }

    private static boolean finite(double[][] a) {
        for (double[] r : a) for (double v : r) if (!Double.isFinite(v)) return false;
        return true;
    }

    /** The book's test: the change is at most tol times the size (sums of absolute values). */
    private static boolean settled(double[][] now, double[][] before, double tol) {
        double size = 0, change = 0;
        for (int k = 0; k < now.length; k++) {
            for (int i = 0; i < now[k].length; i++) {
                size += Math.abs(now[k][i]);
                change += Math.abs(now[k][i] - before[k][i]);
            }
        }
        return change <= tol * size || change == 0;
    }

    /** One problem on one grid: the sweeps and the control update. */
    private static final class Sweep {
        final ControlProblem p;
        final Integrator integrator;
        final int intervals, n, m;
        final double h;
        final double[] lo, hi;

        Sweep(ControlProblem p, Integrator integrator, int intervals) {
            this.p = p;
            this.integrator = integrator;
            this.intervals = intervals;
            this.n = p.states();
            this.m = p.controls();
            this.h = p.horizon() / intervals;
            this.lo = p.controlBounds().lower();
            this.hi = p.controlBounds().upper();
        }

        ControlPlan plan(double[][] u) {
            return new ControlPlan(p.discreteTime() ? ControlPlan.Hold.CONSTANT : ControlPlan.Hold.LINEAR, p.horizon(), u);
        }

        /** States at the nodes under the controls. */
        double[][] forward(double[][] u) {
            ControlPlan plan = plan(u);
            double[][] x = new double[intervals + 1][];
            x[0] = p.initialState();
            for (int k = 0; k < intervals; k++) {
                final int interval = k;
                Binary64[] xk = Rollout.field(x[k]);
                Binary64 t = new Binary64(k * h);
                Binary64[] next = p.discreteTime()
                        ? p.dynamics(xk, Rollout.field(u[k]), t)
                        : integrator.step((y, time) -> p.dynamics(y, Rollout.field(plan.at(interval, time.getReal())), time), xk, t, new Binary64(h));
                x[k + 1] = Rollout.values(next);
            }
            return x;
        }

        /** Adjoints at the nodes, backwards from the terminal condition. */
        double[][] backward(double[][] x, double[][] u) {
            ControlPlan plan = plan(u);
            double[][] lambda = new double[intervals + 1][];
            Gradient[] end = Transcription.variables(x[intervals], 0, n, n, 0);
            lambda[intervals] = p.terminalCost(end, Gradient.constant(n, p.horizon())).getGradient();
            for (int k = intervals - 1; k >= 0; k--) {
                if (p.discreteTime()) {
                    lambda[k] = hamiltonianX(x[k], u[k], lambda[k + 1], k * h);
                    continue;
                }
                final int interval = k;
                Binary64[] next = integrator.step((l, time) -> {
                    double t = time.getReal();
                    double[] dh = hamiltonianX(stateAt(x, plan, interval, t), plan.at(interval, t), Rollout.values(l), t);
                    Binary64[] out = MathArrays.buildArray(time.getField(), n);
                    for (int i = 0; i < n; i++) out[i] = new Binary64(-dh[i]);
                    return out;
                }, Rollout.field(lambda[k + 1]), new Binary64((k + 1) * h), new Binary64(-h));
                lambda[k] = Rollout.values(next);
            }
            return lambda;
        }

        /**
         * The state inside interval k: the cubic Hermite interpolant through the node states and
         * their derivatives, accurate to the order of the sweep's integrators where a straight line
         * between the nodes would cost the adjoint accuracy.
         */
        double[] stateAt(double[][] x, ControlPlan plan, int k, double t) {
            double t0 = k * h, s = (t - t0) / h;
            double[] f0 = Rollout.values(p.dynamics(Rollout.field(x[k]), Rollout.field(plan.at(k, t0)), new Binary64(t0)));
            double[] f1 = Rollout.values(p.dynamics(Rollout.field(x[k + 1]), Rollout.field(plan.at(k, t0 + h)), new Binary64(t0 + h)));
            double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s), h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = h00 * x[k][i] + h10 * h * f0[i] + h01 * x[k + 1][i] + h11 * h * f1[i];
            return out;
        }

        double[] hamiltonianX(double[] x, double[] u, double[] lambda, double t) {
            Gradient[] gx = Transcription.variables(x, 0, n, n, 0);
            return hamiltonian(gx, Transcription.constants(u, n), Transcription.constants(lambda, n), Gradient.constant(n, t)).getGradient();
        }

        static <T extends CalculusFieldElement<T>> T hamiltonian(ControlProblem p, T[] x, T[] u, T[] lambda, T t) {
            T h = p.cost(x, u, t);
            T[] f = p.dynamics(x, u, t);
            for (int i = 0; i < f.length; i++) h = h.add(lambda[i].multiply(f[i]));
            return h;
        }

        <T extends CalculusFieldElement<T>> T hamiltonian(T[] x, T[] u, T[] lambda, T t) {
            return hamiltonian(p, x, u, lambda, t);
        }

        /**
         * The control minimising H at one node: Newton on dH/du = 0, projected onto the bounds; where
         * H is not strictly convex in a control (linear in it, say) the minimiser is the bound that
         * the sign of dH/du points to. Null when there is no such bound.
         */
        double[] minimise(double[] x, double[] start, double[] lambda, double t) {
            DSFactory factory = new DSFactory(m, 2);
            double[] u = start.clone();
            for (int step = 0; step < NEWTON_STEPS; step++) {
                DerivativeStructure[] du = MathArrays.buildArray(factory.getDerivativeField(), m);
                for (int j = 0; j < m; j++) du[j] = factory.variable(j, u[j]);
                DerivativeStructure[] dx = MathArrays.buildArray(factory.getDerivativeField(), n);
                DerivativeStructure[] dl = MathArrays.buildArray(factory.getDerivativeField(), n);
                for (int i = 0; i < n; i++) {
                    dx[i] = factory.constant(x[i]);
                    dl[i] = factory.constant(lambda[i]);
                }
                DerivativeStructure hu = hamiltonian(dx, du, dl, factory.constant(t));
                double[] g = new double[m];
                RealMatrix hess = MatrixUtils.createRealMatrix(m, m);
                for (int a = 0; a < m; a++) {
                    g[a] = hu.getPartialDerivative(orders(a, -1));
                    for (int b = 0; b < m; b++) hess.setEntry(a, b, hu.getPartialDerivative(orders(a, b)));
                }
                double[] next = newton(g, hess, u);
                if (next == null) return null;
                double change = 0, size = 0;
                for (int j = 0; j < m; j++) {
                    change = Math.max(change, Math.abs(next[j] - u[j]));
                    size = Math.max(size, Math.abs(next[j]));
                }
                u = next;
                if (change <= 1e-13 * (1 + size)) break;
            }
            return u;
        }

        private double[] newton(double[] g, RealMatrix hess, double[] u) {
            double[] next = new double[m];
            try {
                double[] d = new CholeskyDecomposition(hess).getSolver().solve(MatrixUtils.createRealVector(g)).toArray();
                for (int j = 0; j < m; j++) next[j] = Math.min(Math.max(u[j] - d[j], lo[j]), hi[j]);
                return next;
            } catch (RuntimeException notConvex) {
                for (int j = 0; j < m; j++) {
                    double curvature = hess.getEntry(j, j);
                    if (curvature > 0) next[j] = Math.min(Math.max(u[j] - g[j] / curvature, lo[j]), hi[j]);
                    else if (g[j] > 0 && Double.isFinite(lo[j])) next[j] = lo[j];
                    else if (g[j] < 0 && Double.isFinite(hi[j])) next[j] = hi[j];
                    else if (g[j] == 0) next[j] = u[j];
                    else return null;
                }
                return next;
            }
        }

        private int[] orders(int a, int b) {
            int[] o = new int[m];
            o[a]++;
            if (b >= 0) o[b]++;
            return o;
        }
    }
}
