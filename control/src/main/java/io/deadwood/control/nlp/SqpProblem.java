package io.deadwood.control.nlp;

import java.util.ArrayList;
import java.util.List;

/**
 * An Nlp as the SQP solvers see it: variables with equal bounds fixed and left out, constraints
 * split into equality rows and one-sided rows, and everything at one z evaluated once into a
 * {@link Point}.
 */
final class SqpProblem {
    final Nlp nlp;
    final int[] free;
    final double[] zl, zu, cl, cu;
    final List<Integer> eq = new ArrayList<>();
    final List<Side> ineq = new ArrayList<>();
    private final int[] column, jr, jc;

    /** A one-sided constraint row: sign * c[index] >= sign * bound. */
    record Side(int index, double sign, double bound) {
    }

    /** Everything evaluated at one z, restricted to the free variables. */
    static final class Point {
        double[] z;
        double objective, l1, violation;
        double[] freeGradient, eqRhs, values;
        double[][] eqJacobian, jacobian;

        boolean finite() { return Double.isFinite(objective) && Double.isFinite(l1); }

        double merit(double mu) { return finite() ? objective + mu * l1 : Double.POSITIVE_INFINITY; }
    }

    SqpProblem(Nlp nlp) {
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

    /** The Nlp's start moved inside the variable bounds. */
    double[] clampedStart() {
        double[] z = nlp.start();
        for (int i = 0; i < z.length; i++) z[i] = Math.min(Math.max(z[i], zl[i]), zu[i]);
        return z;
    }

    /** z + alpha * d on the free variables, clamped to the bounds (the subproblem keeps them only to its tolerance). */
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

    /**
     * The iterate with its constraint values replaced by c(z + d) - J d, so that the linearisation
     * c' + J e reproduces c at z + d: a second-order correction solves the subproblem with it.
     */
    Point corrected(Point at, Point trial, double[] d) {
        Point p = new Point();
        p.z = at.z;
        p.objective = at.objective;
        p.l1 = at.l1;
        p.violation = at.violation;
        p.freeGradient = at.freeGradient;
        p.jacobian = at.jacobian;
        p.eqJacobian = at.eqJacobian;
        p.values = new double[cl.length];
        for (int i = 0; i < cl.length; i++) p.values[i] = trial.values[i] - SqpSubproblem.dot(at.jacobian[i], d);
        p.eqRhs = new double[eq.size()];
        for (int i = 0; i < eq.size(); i++) p.eqRhs[i] = cl[eq.get(i)] - p.values[eq.get(i)];
        return p;
    }

    /**
     * The one-sided constraint rows sign * J d >= sign * (bound - c), in the order of {@link #ineq},
     * each {@code width} long so that a caller can append columns of its own.
     */
    List<SqpSubproblem.Row> constraintRows(Point p, int width) {
        List<SqpSubproblem.Row> rows = new ArrayList<>();
        for (Side s : ineq) {
            double[] row = new double[width];
            double[] jacobian = p.jacobian[s.index()];
            for (int j = 0; j < jacobian.length; j++) row[j] = s.sign() * jacobian[j];
            rows.add(new SqpSubproblem.Row(row, -1, s.sign(), s.sign() * (s.bound() - p.values[s.index()])));
        }
        return rows;
    }

    /**
     * Rows zl - z <= d <= zu - z on the free variables, each side also held within the box |d_j| <= radius
     * (infinite for none): a side that is infinite both ways is left out.
     */
    List<SqpSubproblem.Row> boundRows(Point p, double radius) {
        List<SqpSubproblem.Row> rows = new ArrayList<>();
        for (int j = 0; j < free.length; j++) {
            int v = free[j];
            double below = Math.max(zl[v] - p.z[v], -radius), above = Math.max(p.z[v] - zu[v], -radius);
            if (Double.isFinite(below)) rows.add(new SqpSubproblem.Row(null, j, 1, below));
            if (Double.isFinite(above)) rows.add(new SqpSubproblem.Row(null, j, -1, above));
        }
        return rows;
    }

    /**
     * Gradient of the Lagrangian f - lambda'c_eq - y'(one-sided rows) over the free variables, with the
     * subproblem's multipliers (its first rows being {@link #constraintRows}); bound rows are constant
     * and drop out of differences.
     */
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

    /** Feeds B the step from one point to the other and the change in the Lagrangian's gradient, at the multipliers of qp. */
    void updateHessian(DampedBfgs bfgs, Point from, Point to, SqpSubproblem.Result qp) {
        double[] s = new double[free.length], y = new double[free.length];
        double[] g0 = lagrangianGradient(from, qp), g1 = lagrangianGradient(to, qp);
        for (int j = 0; j < free.length; j++) {
            s[j] = to.z[free[j]] - from.z[free[j]];
            y[j] = g1[j] - g0[j];
        }
        bfgs.update(s, y);
    }

    /**
     * The l1 penalty after seeing qp's multipliers: raised to 1.5 times the largest when within a tenth
     * of it, so that the merit function stays exact (its minimisers are the NLP's) with a margin.
     */
    double penalty(double mu, SqpSubproblem.Result qp) {
        double biggest = SqpSubproblem.inf(qp.lambda());
        for (int i = 0; i < ineq.size(); i++) biggest = Math.max(biggest, qp.y()[i]);
        return mu < 1.1 * biggest ? 1.5 * biggest + 1e-8 : mu;
    }
}
