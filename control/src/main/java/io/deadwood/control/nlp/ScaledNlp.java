package io.deadwood.control.nlp;

/**
 * An {@link Nlp} in scaled units: z = s * y for the variables, c / r for the constraints, f / w for
 * the objective. Solvers stop on absolute tolerances, so a problem whose states are in the thousands
 * next to controls below one (an epidemic's head counts and a vaccination rate) is solved to very different
 * relative accuracies, and its Jacobian is badly conditioned; in units where every variable and
 * every constraint is of order one, one tolerance means the same everywhere. The optimum is the
 * same point; {@link #unscale} maps a solution back, with its objective and violation measured on
 * the original problem.
 */
public final class ScaledNlp implements Nlp {
    private final Nlp nlp;
    private final double[] s, r;
    private final double w;
    private final int[] entryRow, entryColumn;

    /**
     * @param variableScale s, one positive value per variable: its typical size
     * @param constraintScale r, one positive value per constraint: its typical size
     * @param objectiveScale w, the objective's typical size: the solver sees f / w
     */
    public ScaledNlp(Nlp nlp, double[] variableScale, double[] constraintScale, double objectiveScale) {
        if (variableScale.length != nlp.variables() || constraintScale.length != nlp.constraints()) {
            throw new IllegalArgumentException("scales of lengths " + variableScale.length + " and " + constraintScale.length
                    + " for " + nlp.variables() + " variables and " + nlp.constraints() + " constraints");
        }
        for (double v : variableScale) if (!(v > 0 && Double.isFinite(v))) throw new IllegalArgumentException("variable scale " + v);
        for (double v : constraintScale) if (!(v > 0 && Double.isFinite(v))) throw new IllegalArgumentException("constraint scale " + v);
        if (!(objectiveScale > 0 && Double.isFinite(objectiveScale))) throw new IllegalArgumentException("objective scale " + objectiveScale);
        this.nlp = nlp;
        this.w = objectiveScale;
        this.s = variableScale.clone();
        this.r = constraintScale.clone();
        this.entryRow = nlp.jacobianPattern().row();
        this.entryColumn = nlp.jacobianPattern().column();
    }

    private double[] original(double[] y) {
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) z[i] = s[i] * y[i];
        return z;
    }

    private double[] divided(double[] v, double[] by) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] / by[i];
        return out;
    }

    @Override public int variables() { return nlp.variables(); }
    @Override public int constraints() { return nlp.constraints(); }
    @Override public double[] variableLower() { return divided(nlp.variableLower(), s); }
    @Override public double[] variableUpper() { return divided(nlp.variableUpper(), s); }
    @Override public double[] constraintLower() { return divided(nlp.constraintLower(), r); }
    @Override public double[] constraintUpper() { return divided(nlp.constraintUpper(), r); }
    @Override public double[] start() { return divided(nlp.start(), s); }
    @Override public double objective(double[] y) { return nlp.objective(original(y)) / w; }
    @Override public SparsityPattern jacobianPattern() { return nlp.jacobianPattern(); }

    @Override
    public double[] gradient(double[] y) {
        double[] g = nlp.gradient(original(y));
        for (int i = 0; i < g.length; i++) g[i] *= s[i] / w;
        return g;
    }

    @Override public double[] constraintValues(double[] y) { return divided(nlp.constraintValues(original(y)), r); }

    @Override
    public double[] jacobianValues(double[] y) {
        double[] v = nlp.jacobianValues(original(y));
        for (int k = 0; k < v.length; k++) v[k] *= s[entryColumn[k]] / r[entryRow[k]];
        return v;
    }

    /** A solution of this scaled problem as one of the original: z, objective and violation in its units. */
    public NlpSolution unscale(NlpSolution scaled) {
        double[] z = original(scaled.z());
        return new NlpSolution(z, nlp.objective(z), Violation.of(nlp, z), scaled.converged(), scaled.status(),
                scaled.iterations(), scaled.seconds(), scaled.solver());
    }
}
