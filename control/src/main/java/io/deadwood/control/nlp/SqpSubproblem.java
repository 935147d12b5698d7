package io.deadwood.control.nlp;


/**
 * The SQP's subproblem, solved by a dense primal-dual interior-point method (Mehrotra's predictor-
 * corrector): minimise g'd + d'Bd/2 subject to A d = b and one-sided rows G d >= h, each row either a
 * dense vector or plus or minus a single variable (variable bounds, kept off the dense algebra).
 * B must be positive definite (the SQP keeps its BFGS matrix so).
 */
final class SqpSubproblem {
    /** An inequality row: {@code row} dense, or {@code sign} times variable {@code variable} when row is null. */
    record Row(double[] row, int variable, double sign, double h) {
        double times(double[] d) {
            if (row == null) return sign * d[variable];
            double s = 0;
            for (int j = 0; j < d.length; j++) s += row[j] * d[j];
            return s;
        }
    }

    /** The step, the equality multipliers and the inequality multipliers (>= 0), or why it failed. */
    record Result(double[] d, double[] lambda, double[] y, String failure) {
    }

    private static final int MAX_ITERATIONS = 200;

    private SqpSubproblem() {
    }

    static Result solve(double[][] b, double[] g, double[][] a, double[] rhs, Row[] rows) {
        return solve(b, g, a, rhs, rows, 0);
    }

    /**
     * As {@link #solve(double[][], double[], double[][], double[], Row[])}, with the last {@code separate}
     * variables eliminated from each Newton system before it is factored ({@link KktSystem}): B's block
     * on them must be diagonal and each dense row may touch at most one of them, as for slack variables.
     */
    static Result solve(double[][] b, double[] g, double[][] a, double[] rhs, Row[] rows, int separate) {
        int n = g.length, me = rhs.length, mi = rows.length;
        if (mi == 0) {
            KktSystem kkt = KktSystem.factor(b, a, separate);
            KktSystem.Step step = kkt == null ? null : kkt.solve(negate(g), rhs);
            return step == null ? failed("the equality constraints' linearisation is singular") : new Result(step.d(), step.lambda(), new double[0], null);
        }
        double[] d = new double[n], lambda = new double[me], s = new double[mi], y = new double[mi];
        for (int i = 0; i < mi; i++) {
            s[i] = Math.max(1, -rows[i].h());
            y[i] = 1;
        }
        double scale = 1 + inf(g) + inf(rhs);
        for (Row r : rows) scale = Math.max(scale, 1 + Math.abs(r.h()));
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] rd = dual(b, g, a, rows, d, lambda, y);
            double[] re = new double[me];
            for (int i = 0; i < me; i++) re[i] = dot(a[i], d) - rhs[i];
            double[] ri = new double[mi];
            for (int i = 0; i < mi; i++) ri[i] = rows[i].times(d) - s[i] - rows[i].h();
            double mu = dot(s, y) / mi;
            if (inf(rd) <= 1e-11 * scale && inf(re) <= 1e-11 * scale && inf(ri) <= 1e-11 * scale && mu <= 1e-13 * scale) {
                return new Result(d, lambda, y, null);
            }
            double[] w = new double[mi];
            for (int i = 0; i < mi; i++) w[i] = y[i] / s[i];
            KktSystem k = KktSystem.factor(condensed(b, rows, w), a, separate);
            if (k == null) return failed("the subproblem's Newton system is singular");
            // Predictor: the pure Newton step to complementarity zero.
            double[] rc = new double[mi];
            for (int i = 0; i < mi; i++) rc[i] = -s[i] * y[i];
            Direction aff = direction(k, a, rows, rd, re, ri, rc, s, w, y);
            if (aff == null) return failed("the subproblem's Newton system is singular");
            double alpha = Math.min(boundary(s, aff.ds), boundary(y, aff.dy));
            double muAff = 0;
            for (int i = 0; i < mi; i++) muAff += (s[i] + alpha * aff.ds[i]) * (y[i] + alpha * aff.dy[i]);
            muAff /= mi;
            double sigma = Math.pow(muAff / mu, 3);
            for (int i = 0; i < mi; i++) rc[i] = -s[i] * y[i] - aff.ds[i] * aff.dy[i] + sigma * mu;
            Direction dir = direction(k, a, rows, rd, re, ri, rc, s, w, y);
            if (dir == null) return failed("the subproblem's Newton system is singular");
            double step = Math.min(1, 0.995 * Math.min(boundary(s, dir.ds), boundary(y, dir.dy)));
            for (int j = 0; j < n; j++) d[j] += step * dir.dd[j];
            for (int i = 0; i < me; i++) lambda[i] += step * dir.dl[i];
            for (int i = 0; i < mi; i++) {
                s[i] += step * dir.ds[i];
                y[i] += step * dir.dy[i];
            }
            if (!Double.isFinite(inf(d)) || inf(d) > 1e15 * scale) return failed("the linearised constraints look inconsistent (the subproblem diverged)");
        }
        return failed("the subproblem did not converge in " + MAX_ITERATIONS + " interior-point iterations (inconsistent linearisation?)");
    }

    private record Direction(double[] dd, double[] dl, double[] ds, double[] dy) {
    }

    /**
     * Eliminating ds and dy leaves (B + G'WG) dd - A' dl = -rd + G'(rc/s - W ri) and A dd = -re, with
     * W = y/s; then dy = rc/s - W (G dd + ri) and ds = G dd + ri.
     */
    private static Direction direction(KktSystem k, double[][] a, Row[] rows, double[] rd, double[] re, double[] ri,
                                       double[] rc, double[] s, double[] w, double[] y) {
        int mi = rows.length;
        double[] rhs = negate(rd);
        for (int i = 0; i < mi; i++) addRow(rhs, rows[i], rc[i] / s[i] - w[i] * ri[i]);
        KktSystem.Step step = k.solve(rhs, negate(re));
        if (step == null) return null;
        double[] ds = new double[mi], dy = new double[mi];
        for (int i = 0; i < mi; i++) {
            ds[i] = rows[i].times(step.d()) + ri[i];
            dy[i] = rc[i] / s[i] - w[i] * ds[i];
        }
        return new Direction(step.d(), step.lambda(), ds, dy);
    }

    private static double[][] condensed(double[][] b, Row[] rows, double[] w) {
        int n = b.length;
        double[][] k = new double[n][];
        for (int i = 0; i < n; i++) k[i] = b[i].clone();
        for (int i = 0; i < rows.length; i++) {
            Row r = rows[i];
            if (r.row() == null) {
                k[r.variable()][r.variable()] += w[i];
                continue;
            }
            double[] v = r.row();
            for (int p = 0; p < n; p++) {
                if (v[p] == 0) continue;
                double wp = w[i] * v[p];
                for (int q = 0; q < n; q++) k[p][q] += wp * v[q];
            }
        }
        return k;
    }

    private static double[] dual(double[][] b, double[] g, double[][] a, Row[] rows, double[] d, double[] lambda, double[] y) {
        int n = g.length;
        double[] r = g.clone();
        for (int i = 0; i < n; i++) r[i] += dot(b[i], d);
        for (int i = 0; i < lambda.length; i++) for (int j = 0; j < n; j++) r[j] -= a[i][j] * lambda[i];
        for (int i = 0; i < rows.length; i++) addRow(r, rows[i], -y[i]);
        return r;
    }

    /** v += c * (row i of G)'. */
    private static void addRow(double[] v, Row r, double c) {
        if (r.row() == null) {
            v[r.variable()] += c * r.sign();
            return;
        }
        for (int j = 0; j < v.length; j++) v[j] += c * r.row()[j];
    }

    /** The largest step in [0, 1] keeping v + step * dv >= 0. */
    private static double boundary(double[] v, double[] dv) {
        double step = 1;
        for (int i = 0; i < v.length; i++) if (dv[i] < 0) step = Math.min(step, -v[i] / dv[i]);
        return step;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double inf(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = -v[i];
        return out;
    }

    private static Result failed(String why) { return new Result(null, null, null, why); }
}
