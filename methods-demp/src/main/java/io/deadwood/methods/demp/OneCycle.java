package io.deadwood.methods.demp;

/**
 * DemP's one-cycle cosine shape, used for both the regulariser's strength and the noise's sigma:
 * from {@code peak / startDiv} at step 0 a half cosine rises to {@code peak} at {@code peakAt * span},
 * a second half cosine falls to {@code peak / endDiv} at {@code span}, and the value stays there.
 *
 * @param span steps the cycle lasts (at least 1)
 */
public record OneCycle(double peak, double startDiv, double endDiv, double peakAt, double span) {

    public OneCycle {
        if (!(span >= 1)) throw new IllegalArgumentException("one-cycle span must be >= 1 step, got " + span);
    }

    /** The lambda schedule of a config over a run of {@code runSteps} steps. */
    public static OneCycle lambda(DempConfig c, long runSteps) {
        return new OneCycle(c.lambdaMax(), c.lambdaStartDiv(), c.lambdaEndDiv(), c.lambdaPeakAt(), span(c, runSteps));
    }

    /** The noise schedule: the lambda schedule's shape with the noise's peak. */
    public static OneCycle sigma(DempConfig c, long runSteps) {
        return new OneCycle(c.noiseSigmaMax(), c.lambdaStartDiv(), c.lambdaEndDiv(), c.lambdaPeakAt(), span(c, runSteps));
    }

    private static double span(DempConfig c, long runSteps) {
        return Math.max(1, c.lambdaSpan() * runSteps);
    }

    public double start() { return peak / startDiv; }

    public double end() { return peak / endDiv; }

    public double peakStep() { return peakAt * span; }

    /** The value at a 0-based step of the run. */
    public double at(double step) {
        if (step <= 0) return peakStep() == 0 ? peak : start();
        if (step >= span) return end();
        double up = peakStep();
        if (step < up) return cosine(start(), peak, step / up);
        return cosine(peak, end(), (step - up) / (span - up));
    }

    /** From {@code from} at f = 0 to {@code to} at f = 1 along half a cosine. */
    private static double cosine(double from, double to, double f) {
        return to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * f));
    }
}
