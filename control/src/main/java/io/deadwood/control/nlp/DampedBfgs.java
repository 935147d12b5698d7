package io.deadwood.control.nlp;

import java.util.Arrays;

/**
 * A quasi-Newton approximation B of the Lagrangian's Hessian, kept positive definite by Powell's
 * damping, so that every SQP subproblem is a convex QP.
 */
final class DampedBfgs {
    private final double[][] b;
    private boolean scaled;

    DampedBfgs(int n) {
        b = new double[n][n];
        reset();
    }

    /** Back to the identity, to be scaled again by the next curvature pair. */
    void reset() {
        for (int i = 0; i < b.length; i++) {
            Arrays.fill(b[i], 0);
            b[i][i] = 1;
        }
        scaled = false;
    }

    /** The matrix itself, updated in place. */
    double[][] matrix() { return b; }

    /**
     * Takes the step s and the change y of the Lagrangian's gradient along it. The first pair with
     * positive curvature sets the scale of the initial identity (Shanno and Phua).
     */
    void update(double[] s, double[] y) {
        int n = s.length;
        // A pair from a point where the derivatives broke down would spoil B for good.
        if (!Double.isFinite(SqpSubproblem.inf(s)) || !Double.isFinite(SqpSubproblem.inf(y))) return;
        double sy = SqpSubproblem.dot(s, y);
        if (!scaled && sy > 0) {
            double c = SqpSubproblem.dot(y, y) / sy;
            for (int j = 0; j < n; j++) b[j][j] = c;
            scaled = true;
        }
        double[] bs = new double[n];
        for (int i = 0; i < n; i++) bs[i] = SqpSubproblem.dot(b[i], s);
        double sbs = SqpSubproblem.dot(s, bs);
        if (!(sbs > 0)) return;
        double theta = sy >= 0.2 * sbs ? 1 : 0.8 * sbs / (sbs - sy);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = theta * y[i] + (1 - theta) * bs[i];
        double sr = SqpSubproblem.dot(s, r);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = b[i][j] + r[i] * r[j] / sr - bs[i] * bs[j] / sbs;
                b[i][j] = v;
                b[j][i] = v;
            }
        }
    }
}
