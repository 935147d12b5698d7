package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import io.deadwood.control.nlp.NlpOptions;
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
 * One problem on one grid: the forward and backward sweeps, the control update, and the relaxation
 * that repeats them until they settle ({@link #relax}). The adjoint's end condition is dlambda(T) =
 * dphi/dx, except for the components given in {@code endAdjoint} (those of a fixed terminal state,
 * whose adjoint at T is a free unknown the caller searches for).
 */
final class Sweep {
    /**
     * Weight of the new control in the relaxation: the book's labs average old and new (1/2). Where
     * the sweep map is too strongly coupled for that (the scalar LQR is), a sweep whose update grew
     * is taken back and redone from the previous control with half the weight.
     */
    static final double FIRST_WEIGHT = 0.5, SMALLEST_WEIGHT = 1.0 / 1024;
    private static final int NEWTON_STEPS = 50;

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
    double[][] backward(double[][] x, double[][] u, double[] endAdjoint) {
        ControlPlan plan = plan(u);
        double[][] lambda = new double[intervals + 1][];
        Gradient[] end = Transcription.variables(x[intervals], 0, n, n, 0);
        lambda[intervals] = p.terminalCost(end, Gradient.constant(n, p.horizon())).getGradient();
        for (int i = 0; i < n; i++) if (!Double.isNaN(endAdjoint[i])) lambda[intervals][i] = endAdjoint[i];
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

    /** Where a relaxation ended: its control, states and adjoints, whether it settled, and after how many sweeps. */
    record Run(double[][] u, double[][] x, double[][] lambda, boolean converged, String status, int iterations) {
    }

    /**
     * Sweeps from control {@code u} until control, state and adjoint settle to the tolerance, or the
     * iteration limit. {@code endAdjoint}: NaN where lambda(T) = dphi/dx, else lambda(T) itself.
     */
    Run relax(double[][] u, double[] endAdjoint, NlpOptions options) {
        int points = u.length;
        double[][] x = forward(u), lambda = backward(x, u, endAdjoint);
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
                best[k] = minimise(x[k], oldU[k], lambda[p.discreteTime() ? k + 1 : k], k * h);
                if (best[k] == null) {
                    status = "the Hamiltonian has no minimum in the control at t = " + k * h + " (unbounded control with non-positive curvature)";
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
            x = forward(u);
            lambda = backward(x, u, endAdjoint);
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
        return new Run(u, x, lambda, converged, status, iteration);
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
}
