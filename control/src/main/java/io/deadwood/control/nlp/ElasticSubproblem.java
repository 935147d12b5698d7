package io.deadwood.control.nlp;

import java.util.List;

/**
 * The trust-region solver's subproblem, Fletcher's elastic QP: the SQP's quadratic model g'd + d'Bd/2
 * with every linearised constraint allowed to fail by a slack that costs mu each (equality rows
 * c + J d = cl + p - q, one-sided rows sign (c + J d) + t >= sign bound, p, q, t >= 0), the variable
 * bounds on z + d, and the box |d_j| <= radius. d = 0 with slacks equal to the constraint violations
 * is always feasible, so unlike the plain SQP subproblem this one cannot be inconsistent; minimising
 * it minimises the model of the l1 merit function f + mu * (l1 violation) within the box.
 *
 * <p>{@link SqpSubproblem} needs a positive definite Hessian: the slacks get a curvature of 1e-8
 * against their cost of one (the subproblem is solved divided by mu), so they still go to zero
 * whenever the linearisation can be met within the box and mu exceeds the multipliers. They are
 * eliminated from each Newton system before it is factored, so the dense factorisation stays the
 * size of the plain SQP subproblem's.
 */
final class ElasticSubproblem {
    private static final double SLACK_CURVATURE = 1e-8;

    private final SqpProblem.Point at;
    private final double[][] hessian, a;
    private final SqpSubproblem.Row[] rows;
    /** Per row: whether it is a variable's bound row limited by the box rather than by the bound. */
    private final boolean[] box;
    private final double radius;
    /** The free variables' steps, then the slacks: p and q per equality row, t per one-sided row. */
    private final int variables;
    private final double[] cl, cu;
    /** The rows that concern d (constraints, then bounds and box); the slacks' own rows follow. */
    private final int stepRows;

    /** A solution at one mu: the step over the free variables and what the model says of it. */
    record Step(double[] d, SqpSubproblem.Result qp, double linearViolation, double modelChange, double mu) {
        boolean failed() { return qp.failure() != null; }

        /** The decrease of the merit function f + mu * l1 that the model predicts, from l1 at the iterate. */
        double predicted(double mu, double l1) { return mu * (l1 - linearViolation) - modelChange; }
    }

    ElasticSubproblem(SqpProblem pr, SqpProblem.Point at, double[][] hessian, double radius) {
        this.at = at;
        this.hessian = hessian;
        this.radius = radius;
        cl = pr.cl;
        cu = pr.cu;
        int nf = pr.free.length, me = pr.eq.size(), mi = pr.ineq.size(), n = nf + 2 * me + mi;
        variables = n;
        a = new double[me][n];
        for (int i = 0; i < me; i++) {
            System.arraycopy(at.eqJacobian[i], 0, a[i], 0, nf);
            a[i][nf + 2 * i] = -1;
            a[i][nf + 2 * i + 1] = 1;
        }
        List<SqpSubproblem.Row> list = pr.constraintRows(at, n);
        for (int k = 0; k < mi; k++) list.get(k).row()[nf + 2 * me + k] = 1;
        list.addAll(pr.boundRows(at, radius));
        stepRows = list.size();
        box = new boolean[stepRows];
        for (int k = mi; k < stepRows; k++) {
            SqpSubproblem.Row r = list.get(k);
            int v = pr.free[r.variable()];
            box[k] = (r.sign() > 0 ? pr.zl[v] - at.z[v] : at.z[v] - pr.zu[v]) < -radius;
        }
        for (int j = nf; j < n; j++) list.add(new SqpSubproblem.Row(null, j, 1, 0));
        rows = list.toArray(new SqpSubproblem.Row[0]);
    }

    /**
     * The subproblem is solved divided by mu, each slack costing one: the interior-point method then
     * sees a penalty of a thousand or a million as it sees one (measured on cart-pole, it otherwise took
     * three to five times the iterations); its multipliers are scaled back.
     */
    Step solve(double mu) {
        int nf = hessian.length, n = variables;
        double[][] model = new double[n][n];
        double[] g = new double[n];
        for (int i = 0; i < nf; i++) {
            for (int j = 0; j < nf; j++) model[i][j] = hessian[i][j] / mu;
            g[i] = at.freeGradient[i] / mu;
        }
        for (int j = nf; j < n; j++) {
            model[j][j] = SLACK_CURVATURE;
            g[j] = 1;
        }
        SqpSubproblem.Result scaled = SqpSubproblem.solve(model, g, a, at.eqRhs, rows, n - nf);
        if (scaled.failure() != null) return new Step(null, scaled, Double.NaN, Double.NaN, mu);
        SqpSubproblem.Result qp = new SqpSubproblem.Result(scaled.d(), times(scaled.lambda(), mu), times(scaled.y(), mu), null);
        double[] d = new double[nf];
        System.arraycopy(qp.d(), 0, d, 0, nf);
        double change = SqpSubproblem.dot(at.freeGradient, d);
        for (int i = 0; i < nf; i++) change += 0.5 * d[i] * SqpSubproblem.dot(hessian[i], d);
        return new Step(d, qp, linearViolation(d), change, mu);
    }

    private static double[] times(double[] v, double c) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = c * v[i];
        return out;
    }

    /** The l1 violation of the constraints' linearisation at z + d. */
    private double linearViolation(double[] d) {
        double sum = 0;
        for (int i = 0; i < cl.length; i++) {
            double v = at.values[i] + SqpSubproblem.dot(at.jacobian[i], d);
            sum += Math.max(0, Math.max(cl[i] - v, v - cu[i]));
        }
        return sum;
    }

    /** Whether the step reaches the box (to the subproblem's accuracy). */
    boolean reachesBox(Step s) { return SqpSubproblem.inf(s.d()) >= 0.99 * radius; }

    /**
     * The KKT error at the iterate that the step certifies. The subproblem's stationarity makes the
     * Lagrangian's gradient, with its multipliers of the constraints and the variable bounds, equal to
     * -B d plus the multipliers of the box rows (the box is no constraint of the NLP); complementarity
     * is each multiplier times its row's slack at the iterate.
     */
    double kkt(Step s) {
        double[] y = s.qp().y(), r = new double[hessian.length];
        for (int i = 0; i < r.length; i++) r[i] = -SqpSubproblem.dot(hessian[i], s.d());
        double complementarity = 0;
        for (int k = 0; k < stepRows; k++) {
            SqpSubproblem.Row row = rows[k];
            if (box[k]) r[row.variable()] += row.sign() * y[k];
            else complementarity = Math.max(complementarity, y[k] * Math.max(0, -row.h()));
        }
        return Math.max(SqpSubproblem.inf(r), complementarity);
    }
}
