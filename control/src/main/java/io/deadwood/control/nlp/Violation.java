package io.deadwood.control.nlp;

/** The largest amount by which a point breaks a variable bound or a constraint bound of an NLP. */
public final class Violation {

    private Violation() {}

    public static double of(Nlp nlp, double[] z) {
        double worst = beyond(z, nlp.variableLower(), nlp.variableUpper());
        return nlp.constraints() == 0 ? worst
                : Math.max(worst, beyond(nlp.constraintValues(z), nlp.constraintLower(), nlp.constraintUpper()));
    }

    private static double beyond(double[] v, double[] lower, double[] upper) {
        double worst = 0;
        for (int i = 0; i < v.length; i++) {
            // NaN compares false everywhere: a NaN value is reported as an infinite violation.
            if (!(v[i] >= lower[i] && v[i] <= upper[i])) {
                worst = Math.max(worst, Double.isNaN(v[i]) ? Double.POSITIVE_INFINITY
                        : Math.max(lower[i] - v[i], v[i] - upper[i]));
            }
        }
        return worst;
    }
}
