package io.deadwood.control.nlp;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code sqp}: the pure-Java solver, a line-search SQP. Each iteration solves the quadratic model
 * min g'd + d'Bd/2 under the linearised constraints and the variable bounds (dense interior-point
 * method, {@link SqpSubproblem}), then backtracks on the l1 merit function f + mu * (constraint
 * violation). B is a damped-BFGS (Powell) approximation of the Lagrangian's Hessian, so it stays
 * positive definite; the Jacobians are the Nlp's exact ones. Variables with equal bounds are fixed
 * and left out. Converged means the model step is below the tolerance relative to z while the
 * constraints hold to within the feasibility tolerance: then z is a KKT point to that accuracy.
 *
 * <p>Why not Hipparchus 4.0.2's {@code SQPOptimizerS}, which the project first wrapped: measured on
 * this module's NLPs it rejects a problem with no constraints ("matrix must have at least one row",
 * so single shooting of an unbounded problem cannot run), its BFGS update throws "non symmetric
 * matrix" from its eigen-decomposition after a few iterations on the multiple-shooting and
 * collocation NLPs of {@code lqr} (N = 25 and 50), its ADMM subproblem leaves about 1e-4 in the
 * iterate of Hock-Schittkowski 71, and it returns the same answer after the iteration limit as after
 * convergence. Everything here is dense: it suits the small and medium NLPs of the control systems.
 */
public final class SqpSolver implements NlpSolver {
    private static final double ARMIJO = 1e-4;
    private static final double SMALLEST_STEP = 1e-12;

    @Override public String id() { return "sqp"; }

    @Override
    public NlpSolution solve(Nlp nlp, NlpOptions options) {
        long start = System.nanoTime();
        Problem pr = new Problem(nlp);
        double[] z = clampedStart(nlp);
        Point at = pr.at(z);
        int nf = pr.free.length;
        double[][] b = identity(nf);
        boolean scaled = false, fresh = true;
        double mu = 1;
        double tol = options.tolerance(), feasTol = feasibilityTolerance(options);
        String status = null;
        boolean converged = false;
        int iteration = 0;
        long deadline = Double.isInfinite(options.maxSeconds()) ? Long.MAX_VALUE
                : System.nanoTime() + (long) (options.maxSeconds() * 1e9);
        while (iteration < options.maxIterations()) {
            if (System.nanoTime() > deadline) {
                status = "time limit (" + options.maxSeconds() + " s) reached";
                break;
            }
            if (!at.finite()) {
                status = "failed: objective or constraints are not finite at the iterate";
                break;
            }
            iteration++;
            SqpSubproblem.Row[] rows = pr.rows(at);
            SqpSubproblem.Result qp = SqpSubproblem.solve(b, at.freeGradient, at.eqJacobian, at.eqRhs, rows);
            if (qp.failure() != null) {
                status = "failed: " + qp.failure();
                break;
            }
            double[] d = qp.d();
            double violation = at.violation;
            boolean smallStep = SqpSubproblem.inf(d) <= tol * (1 + SqpSubproblem.inf(z));
            if (violation <= feasTol && (smallStep || kkt(b, d, qp.y(), rows) <= tol * (1 + SqpSubproblem.inf(at.freeGradient)))) {
                converged = true;
                status = "converged: " + (smallStep ? "step" : "KKT residual") + " below " + tol + ", constraint violation " + violation;
                break;
            }
            double residual = kkt(b, d, qp.y(), rows);
            double biggest = SqpSubproblem.inf(qp.lambda());
            for (int i = 0; i < pr.ineq.size(); i++) biggest = Math.max(biggest, qp.y()[i]);
            if (mu < 1.1 * biggest) mu = 1.5 * biggest + 1e-8;
            double merit = at.objective + mu * at.l1;
            double slope = SqpSubproblem.dot(at.freeGradient, d) - mu * at.l1;
            double alpha = 1;
            Point next = null;
            while (alpha >= SMALLEST_STEP) {
                Point trial = pr.at(pr.step(z, d, alpha));
                double m = trial.finite() ? trial.objective + mu * trial.l1 : Double.POSITIVE_INFINITY;
                if (m <= merit + ARMIJO * alpha * Math.min(slope, 0)) {
                    next = trial;
                    break;
                }
                alpha *= 0.5;
            }
            if (next == null && !fresh) {
                // A BFGS matrix gone stale can point uphill on the merit function: start it afresh once, as SLSQP does.
                b = identity(nf);
                scaled = false;
                fresh = true;
                continue;
            }
            if (next == null) {
                status = "failed: line search found no decrease of the merit function (constraint violation " + violation + ")";
                break;
            }
            fresh = false;
            // SLSQP's test, tightened: the objective stopped moving (by a thousandth of the tolerance) while
            // feasible. Near the optimum rounding can hold the KKT residual just above the tolerance for
            // ever; the square-root bound on it keeps a stall far from a KKT point from passing.
            if (next.violation <= feasTol && Math.abs(next.objective - at.objective) <= 1e-3 * tol * (1 + Math.abs(at.objective))
                    && residual <= Math.sqrt(tol) * (1 + SqpSubproblem.inf(at.freeGradient))) {
                z = next.z;
                converged = true;
                status = "converged: objective change below " + 1e-3 * tol + " relative, KKT residual " + residual + ", constraint violation " + next.violation;
                break;
            }
            double[] s = new double[nf], yv = new double[nf];
            double[] gl0 = pr.lagrangianGradient(at, qp), gl1 = pr.lagrangianGradient(next, qp);
            for (int j = 0; j < nf; j++) {
                s[j] = next.z[pr.free[j]] - at.z[pr.free[j]];
                yv[j] = gl1[j] - gl0[j];
            }
            if (!scaled && SqpSubproblem.dot(s, yv) > 0) {
                // The first curvature pair sets the scale of the initial identity (Shanno and Phua).
                double c = SqpSubproblem.dot(yv, yv) / SqpSubproblem.dot(s, yv);
                for (int j = 0; j < nf; j++) b[j][j] = c;
                scaled = true;
            }
            bfgs(b, s, yv);
            z = next.z;
            at = next;
        }
        if (status == null) status = "iteration limit (" + options.maxIterations() + ") reached";
        double seconds = (System.nanoTime() - start) / 1e9;
        return new NlpSolution(z, nlp.objective(z), violation(nlp, z), converged, status, iteration, seconds,
                "sqp (pure-Java SQP: damped BFGS, interior-point subproblems, l1 merit)");
    }

    /** Constraints are held to at least 1e-9 absolute, or the tolerance when that is looser. */
    static double feasibilityTolerance(NlpOptions options) {
        return Math.max(options.tolerance(), 1e-9);
    }

    /** The largest amount by which z breaks a variable bound or a constraint. */
    public static double violation(Nlp nlp, double[] z) {
        double v = 0;
        double[] zl = nlp.variableLower(), zu = nlp.variableUpper();
        for (int i = 0; i < z.length; i++) v = Math.max(v, Math.max(zl[i] - z[i], z[i] - zu[i]));
        double[] c = nlp.constraintValues(z), cl = nlp.constraintLower(), cu = nlp.constraintUpper();
        for (int i = 0; i < c.length; i++) v = Math.max(v, Math.max(cl[i] - c[i], c[i] - cu[i]));
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    private static double[] clampedStart(Nlp nlp) {
        double[] z = nlp.start(), lo = nlp.variableLower(), hi = nlp.variableUpper();
        for (int i = 0; i < z.length; i++) z[i] = Math.min(Math.max(z[i], lo[i]), hi[i]);
        return z;
    }

    /**
     * The KKT error at the iterate that the subproblem's solution certifies: B d + g = A'lambda + G'y
     * there, so the Lagrangian's gradient with these multipliers is -B d, and complementarity is
     * y times each one-sided row's slack. Near a solution the merit function stops resolving the
     * model's step (its changes drop below rounding) while this still measures the distance.
     */
    private static double kkt(double[][] b, double[] d, double[] y, SqpSubproblem.Row[] rows) {
        double e = 0;
        for (double[] row : b) e = Math.max(e, Math.abs(SqpSubproblem.dot(row, d)));
        for (int i = 0; i < rows.length; i++) e = Math.max(e, y[i] * Math.max(0, -rows[i].h()));
        return e;
    }

    /** Powell's damped BFGS update, which keeps B positive definite whatever the curvature pair. */
    private static void bfgs(double[][] b, double[] s, double[] y) {
        int n = s.length;
        double[] bs = new double[n];
        for (int i = 0; i < n; i++) bs[i] = SqpSubproblem.dot(b[i], s);
        double sbs = SqpSubproblem.dot(s, bs), sy = SqpSubproblem.dot(s, y);
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

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) m[i][i] = 1;
        return m;
    }

    /** A one-sided constraint row: sign * c[index] >= sign * bound. */
    private record Side(int index, double sign, double bound) {
    }

    /** Everything evaluated at one z, restricted to the free variables. */
    private static final class Point {
        double[] z;
        double objective, l1, violation;
        double[] freeGradient, eqRhs, values;
        double[][] eqJacobian, jacobian;

        boolean finite() { return Double.isFinite(objective) && Double.isFinite(l1); }
    }

    /** The Nlp split into fixed and free variables, equality and one-sided rows. */
    private static final class Problem {
        final Nlp nlp;
        final int[] free, column;
        final double[] zl, zu, cl, cu;
        final List<Integer> eq = new ArrayList<>();
        final List<Side> ineq = new ArrayList<>();
        final int[] jr, jc;

        Problem(Nlp nlp) {
            this.nlp = nlp;
            zl = nlp.variableLower();
            zu = nlp.variableUpper();
            cl = nlp.constraintLower();
            cu = nlp.constraintUpper();
            column = new int[zl.length];
            List<Integer> f = new ArrayList<>();
            for (int j = 0; j < zl.length; j++) {
                column[j] = zl[j] == zu[j] ? -1 : f.size();
                if (zl[j] != zu[j]) f.add(j);
            }
            free = f.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < cl.length; i++) {
                if (cl[i] == cu[i]) eq.add(i);
                else {
                    if (Double.isFinite(cl[i])) ineq.add(new Side(i, 1, cl[i]));
                    if (Double.isFinite(cu[i])) ineq.add(new Side(i, -1, cu[i]));
                }
            }
            SparsityPattern p = nlp.jacobianPattern();
            jr = p.row();
            jc = p.column();
        }

        double[] step(double[] z, double[] d, double alpha) {
            double[] out = z.clone();
            for (int j = 0; j < free.length; j++) {
                int v = free[j];
                out[v] = Math.min(Math.max(z[v] + alpha * d[j], zl[v]), zu[v]);
            }
            return out;
        }

        Point at(double[] z) {
            Point p = new Point();
            p.z = z;
            p.objective = nlp.objective(z);
            double[] g = nlp.gradient(z);
            p.freeGradient = new double[free.length];
            for (int j = 0; j < free.length; j++) p.freeGradient[j] = g[free[j]];
            p.values = nlp.constraintValues(z);
            double[] jv = nlp.jacobianValues(z);
            p.jacobian = new double[cl.length][free.length];
            for (int k = 0; k < jv.length; k++) if (column[jc[k]] >= 0) p.jacobian[jr[k]][column[jc[k]]] += jv[k];
            p.eqJacobian = new double[eq.size()][];
            p.eqRhs = new double[eq.size()];
            for (int i = 0; i < eq.size(); i++) {
                p.eqJacobian[i] = p.jacobian[eq.get(i)];
                p.eqRhs[i] = cl[eq.get(i)] - p.values[eq.get(i)];
            }
            double l1 = 0, worst = 0;
            for (int i = 0; i < cl.length; i++) {
                double v = Math.max(0, Math.max(cl[i] - p.values[i], p.values[i] - cu[i]));
                l1 += v;
                worst = Math.max(worst, v);
            }
            p.l1 = Double.isNaN(l1) ? Double.POSITIVE_INFINITY : l1;
            p.violation = worst;
            return p;
        }

        /** The subproblem's one-sided rows: the constraint rows, then the free variables' finite bounds. */
        SqpSubproblem.Row[] rows(Point p) {
            List<SqpSubproblem.Row> rows = new ArrayList<>();
            for (Side s : ineq) {
                double[] row = p.jacobian[s.index()].clone();
                for (int j = 0; j < row.length; j++) row[j] *= s.sign();
                rows.add(new SqpSubproblem.Row(row, -1, s.sign(), s.sign() * (s.bound() - p.values[s.index()])));
            }
            for (int j = 0; j < free.length; j++) {
                int v = free[j];
                if (Double.isFinite(zl[v])) rows.add(new SqpSubproblem.Row(null, j, 1, zl[v] - p.z[v]));
                if (Double.isFinite(zu[v])) rows.add(new SqpSubproblem.Row(null, j, -1, p.z[v] - zu[v]));
            }
            return rows.toArray(new SqpSubproblem.Row[0]);
        }

        /** Gradient of the Lagrangian f - lambda'c_eq - y'(one-sided rows) over the free variables; bound rows are constant and drop out of differences. */
        double[] lagrangianGradient(Point p, SqpSubproblem.Result qp) {
            double[] r = p.freeGradient.clone();
            for (int i = 0; i < eq.size(); i++) {
                double l = qp.lambda()[i];
                double[] row = p.jacobian[eq.get(i)];
                for (int j = 0; j < r.length; j++) r[j] -= l * row[j];
            }
            for (int i = 0; i < ineq.size(); i++) {
                double c = qp.y()[i] * ineq.get(i).sign();
                double[] row = p.jacobian[ineq.get(i).index()];
                for (int j = 0; j < r.length; j++) r[j] -= c * row[j];
            }
            return r;
        }
    }
}
