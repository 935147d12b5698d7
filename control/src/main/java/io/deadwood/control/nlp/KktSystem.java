package io.deadwood.control.nlp;

/**
 * The interior-point method's Newton system [K -A'; A 0] [d; l] = [r; e], factored once per step
 * and solved twice (predictor and corrector). K is symmetric, positive definite on the null space of A.
 *
 * <p>The last {@code separate} variables may be eliminated before factoring: where their block of K
 * is diagonal (slack variables, each in one row), d_t = (r_t - K_t1 d_1 + A_t' l) / K_tt exactly, and
 * substituting it leaves a system in the other variables and l alone. The elastic subproblem has a
 * slack for every constraint side: on lqr's trapezoidal NLP at N = 50 eliminating them shrinks the
 * dense matrix from 251 rows to 151 and about halved the solve time.
 */
final class KktSystem {
    private final Lu lu;
    private final double[][] k, a;
    private final int n, kept;
    /** Per eliminated variable: the kept variables it couples to in K, and the rows of A it appears in. */
    private final int[][] coupled, inRows;

    /** The solution: the variables' step and the equality multipliers' step. */
    record Step(double[] d, double[] lambda) {
    }

    private KktSystem(Lu lu, double[][] k, double[][] a, int kept, int[][] coupled, int[][] inRows) {
        this.lu = lu;
        this.k = k;
        this.a = a;
        this.n = k.length;
        this.kept = kept;
        this.coupled = coupled;
        this.inRows = inRows;
    }

    /** The factors, or null when the system is singular. */
    static KktSystem factor(double[][] k, double[][] a, int separate) {
        int n = k.length, me = a.length, kept = n - separate;
        double[][] m = new double[kept + me][kept + me];
        for (int i = 0; i < kept; i++) System.arraycopy(k[i], 0, m[i], 0, kept);
        for (int i = 0; i < me; i++) {
            for (int j = 0; j < kept; j++) {
                m[j][kept + i] = -a[i][j];
                m[kept + i][j] = a[i][j];
            }
        }
        int[][] coupled = new int[separate][], inRows = new int[separate][];
        for (int s = 0; s < separate; s++) {
            int t = kept + s;
            double pivot = k[t][t];
            if (!(pivot > 0)) return null;
            coupled[s] = nonZero(k[t], kept);
            int[] rows = inRows[s] = column(a, t);
            for (int i : coupled[s]) {
                double f = k[i][t] / pivot;
                for (int j : coupled[s]) m[i][j] -= f * k[t][j];
                for (int l : rows) m[i][kept + l] += f * a[l][t];
            }
            for (int l : rows) {
                double f = a[l][t] / pivot;
                for (int j : coupled[s]) m[kept + l][j] -= f * k[t][j];
                for (int r : rows) m[kept + l][kept + r] += f * a[r][t];
            }
        }
        Lu lu = Lu.factor(m);
        return lu == null ? null : new KktSystem(lu, k, a, kept, coupled, inRows);
    }

    /** Solves for right-hand side [r; e], or null when the solution is not finite. */
    Step solve(double[] right, double[] e) {
        int me = e.length;
        double[] v = new double[kept + me];
        System.arraycopy(right, 0, v, 0, kept);
        System.arraycopy(e, 0, v, kept, me);
        for (int s = 0; s < coupled.length; s++) {
            int t = kept + s;
            double f = right[t] / k[t][t];
            for (int i : coupled[s]) v[i] -= k[i][t] * f;
            for (int l : inRows[s]) v[kept + l] -= a[l][t] * f;
        }
        double[] x = lu.solve(v);
        double[] d = new double[n], l = new double[me];
        System.arraycopy(x, 0, d, 0, kept);
        System.arraycopy(x, kept, l, 0, me);
        for (int s = 0; s < coupled.length; s++) {
            int t = kept + s;
            double r = right[t];
            for (int j : coupled[s]) r -= k[t][j] * d[j];
            for (int row : inRows[s]) r += a[row][t] * l[row];
            d[t] = r / k[t][t];
        }
        if (!Double.isFinite(SqpSubproblem.inf(d)) || !Double.isFinite(SqpSubproblem.inf(l))) return null;
        return new Step(d, l);
    }

    private static int[] nonZero(double[] row, int length) {
        int count = 0;
        for (int j = 0; j < length; j++) if (row[j] != 0) count++;
        int[] out = new int[count];
        for (int j = 0, c = 0; j < length; j++) if (row[j] != 0) out[c++] = j;
        return out;
    }

    private static int[] column(double[][] a, int t) {
        double[] col = new double[a.length];
        for (int l = 0; l < a.length; l++) col[l] = a[l][t];
        return nonZero(col, a.length);
    }

    /**
     * LU factors with partial pivoting, in place and by rows: the subproblem factors one dense KKT
     * matrix per interior-point step, and row-wise elimination keeps the inner loop on contiguous memory.
     */
    static final class Lu {
        private final double[][] a;
        private final int[] order;

        private Lu(double[][] a, int[] order) {
            this.a = a;
            this.order = order;
        }

        /**
         * Factors m (overwritten), or null when a pivot is exactly zero. No relative threshold: near
         * the subproblem's solution the barrier terms of active bounds grow without limit, and a
         * pivot small against them is still sound; a nearly singular system shows instead as a
         * non-finite or exploding solution, which the callers check.
         */
        static Lu factor(double[][] m) {
            int n = m.length;
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            for (int k = 0; k < n; k++) {
                int p = k;
                for (int i = k + 1; i < n; i++) if (Math.abs(m[i][k]) > Math.abs(m[p][k])) p = i;
                if (!(Math.abs(m[p][k]) > 0)) return null;
                double[] t = m[p];
                m[p] = m[k];
                m[k] = t;
                int o = order[p];
                order[p] = order[k];
                order[k] = o;
                double[] pivot = m[k];
                for (int i = k + 1; i < n; i++) {
                    double[] row = m[i];
                    double f = row[k] / pivot[k];
                    row[k] = f;
                    if (f == 0) continue;
                    for (int j = k + 1; j < n; j++) row[j] -= f * pivot[j];
                }
            }
            return new Lu(m, order);
        }

        double[] solve(double[] b) {
            int n = a.length;
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                double v = b[order[i]];
                double[] row = a[i];
                for (int j = 0; j < i; j++) v -= row[j] * x[j];
                x[i] = v;
            }
            for (int i = n - 1; i >= 0; i--) {
                double v = x[i];
                double[] row = a[i];
                for (int j = i + 1; j < n; j++) v -= row[j] * x[j];
                x[i] = v / row[i];
            }
            return x;
        }
    }
}
