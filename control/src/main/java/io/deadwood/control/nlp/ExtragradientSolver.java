package io.deadwood.control.nlp;

/**
 * {@code extragradient}: the first-order primal-dual method of Myriad ({@code nlp_solvers/extra_gradient.py}),
 * a saddle-point search on the Lagrangian L(z, s, lambda) = f(z) + lambda'(c(z) - s). Two-sided
 * constraints cl <= c(z) <= cu become the equalities c(z) - s = 0 with one slack per row, boxed to
 * [cl, cu] (fixed where cl = cu), so every bound, on z or on s, is kept by clipping (projection).
 * Each iteration is one Korpelevich extragradient step: a half step from (z, s, lambda), then the full
 * step from the same point along the gradients at the half step; primal descent, dual ascent.
 *
 * <p>As in Myriad: primal step size 0.1, dual step size 1e-3, multipliers start at one, and both step
 * sizes shrink by 0.999 every 1000 iterations. Unlike Myriad, whose dual update uses the constraint at
 * the new primal point and no dual half step, the dual is extrapolated too (the textbook method), and
 * convergence is tested every iteration rather than every 1000th.
 *
 * <p>Converged means the last primal step (z and slacks, largest component) is at most the tolerance
 * and the NLP's constraint violation at most max(tolerance, 1e-9); a primal step that small makes the
 * projected Lagrangian gradient at most tolerance / 0.1. No guarantee beyond convex problems, and slow:
 * the multipliers move at rate 1e-3, so tens of thousands of iterations are usual. The status says so
 * when a limit is hit first.
 */
public final class ExtragradientSolver implements NlpSolver {
    static final double ETA_X = 0.1;
    static final double ETA_LAMBDA = 1e-3;
    private static final int DECAY_EVERY = 1000;
    private static final double DECAY = 0.999;

    @Override public String id() { return "extragradient"; }

    @Override
    public NlpSolution solve(Nlp nlp, NlpOptions options) {
        long start = System.nanoTime();
        long deadline = Double.isInfinite(options.maxSeconds()) ? Long.MAX_VALUE
                : start + (long) (options.maxSeconds() * 1e9);
        int n = nlp.variables(), m = nlp.constraints();
        double[] zl = nlp.variableLower(), zu = nlp.variableUpper();
        double[] cl = nlp.constraintLower(), cu = nlp.constraintUpper();
        SparsityPattern pattern = m == 0 ? null : nlp.jacobianPattern();
        int[] row = pattern == null ? new int[0] : pattern.row(), col = pattern == null ? new int[0] : pattern.column();

        double[] z = clip(nlp.start(), zl, zu);
        double[] s = m == 0 ? new double[0] : clip(nlp.constraintValues(z), cl, cu);
        double[] lambda = new double[m];
        java.util.Arrays.fill(lambda, 1.0);
        double etaX = ETA_X, etaL = ETA_LAMBDA;
        double tol = options.tolerance(), feasTol = SqpSolver.feasibilityTolerance(options);

        String status = null;
        boolean converged = false;
        int iteration = 0;
        while (iteration < options.maxIterations()) {
            if (System.nanoTime() > deadline) {
                status = "time limit (" + options.maxSeconds() + " s) reached";
                break;
            }
            if (iteration > 0 && iteration % DECAY_EVERY == 0) {
                etaX *= DECAY;
                etaL *= DECAY;
            }
            iteration++;
            double[] residual = residual(nlp, z, s);
            double[] zHalf = clip(minus(z, etaX, lagrangianGradient(nlp, z, lambda, row, col)), zl, zu);
            double[] sHalf = clip(minus(s, -etaX, lambda), cl, cu);
            double[] lambdaHalf = minus(lambda, -etaL, residual);

            double[] residualHalf = residual(nlp, zHalf, sHalf);
            double[] zNext = clip(minus(z, etaX, lagrangianGradient(nlp, zHalf, lambdaHalf, row, col)), zl, zu);
            double[] sNext = clip(minus(s, -etaX, lambdaHalf), cl, cu);
            double[] lambdaNext = minus(lambda, -etaL, residualHalf);

            if (!finite(zNext) || !finite(sNext) || !finite(lambdaNext)) {
                status = "failed: the iterate or the multipliers are not finite (step sizes too large for this problem)";
                break;
            }
            double step = Math.max(largestChange(z, zNext), largestChange(s, sNext));
            z = zNext;
            s = sNext;
            lambda = lambdaNext;
            double violation = Violation.of(nlp, z);
            if (step <= tol && violation <= feasTol) {
                converged = true;
                status = "converged: primal step " + step + " and constraint violation " + violation + " below " + tol;
                break;
            }
        }
        if (status == null) status = "iteration limit (" + options.maxIterations() + ") reached";
        double seconds = (System.nanoTime() - start) / 1e9;
        return new NlpSolution(z, nlp.objective(z), Violation.of(nlp, z), converged, status, iteration, seconds,
                "extragradient (first-order primal-dual extragradient on the Lagrangian, bounds by projection)");
    }

    /** c(z) - s: the equality constraints of the slack form. */
    private static double[] residual(Nlp nlp, double[] z, double[] s) {
        if (s.length == 0) return s;
        double[] c = nlp.constraintValues(z);
        for (int i = 0; i < c.length; i++) c[i] -= s[i];
        return c;
    }

    /** grad f + J' lambda, with J from the sparse pattern. */
    private static double[] lagrangianGradient(Nlp nlp, double[] z, double[] lambda, int[] row, int[] col) {
        double[] g = nlp.gradient(z).clone();
        if (lambda.length == 0) return g;
        double[] j = nlp.jacobianValues(z);
        for (int k = 0; k < j.length; k++) g[col[k]] += j[k] * lambda[row[k]];
        return g;
    }

    /** x - eta * d. */
    private static double[] minus(double[] x, double eta, double[] d) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = x[i] - eta * d[i];
        return r;
    }

    private static double[] clip(double[] x, double[] lower, double[] upper) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
        return r;
    }

    private static double largestChange(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    private static boolean finite(double[] x) {
        for (double v : x) if (!Double.isFinite(v)) return false;
        return true;
    }
}
