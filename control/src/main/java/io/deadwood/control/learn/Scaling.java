package io.deadwood.control.learn;

/**
 * The units a dynamics model learns in: states and controls shifted and scaled to about unit size,
 * and time measured in horizons, so one network shape suits systems whose states are in the
 * thousands (timber) or below one (fungicide). In those units the model's output is
 * dx~/dt~ = horizon * f(x, u) / stateScale; for a discrete-time system it is the change per step
 * over stateScale.
 */
public record Scaling(double[] stateMean, double[] stateScale, double[] controlMean, double[] controlScale) {
    public Scaling {
        stateMean = stateMean.clone();
        stateScale = stateScale.clone();
        controlMean = controlMean.clone();
        controlScale = controlScale.clone();
    }

    @Override public double[] stateMean() { return stateMean.clone(); }
    @Override public double[] stateScale() { return stateScale.clone(); }
    @Override public double[] controlMean() { return controlMean.clone(); }
    @Override public double[] controlScale() { return controlScale.clone(); }

    public double state(int i, double x) { return (x - stateMean[i]) / stateScale[i]; }

    public double control(int i, double u) { return (u - controlMean[i]) / controlScale[i]; }

    public double stateBack(int i, double z) { return stateMean[i] + stateScale[i] * z; }

    /**
     * Means and standard deviations of the states seen (a scale never below 1e-3 of the state's size,
     * so a state that hardly moves does not blow up), and the controls' sampling range mapped to [-1, 1].
     */
    public static Scaling fit(double[][][] states, double[] controlLow, double[] controlHigh) {
        int n = states[0][0].length;
        double[] mean = new double[n], scale = new double[n];
        long count = 0;
        for (double[][] traj : states) for (double[] x : traj) {
            for (int i = 0; i < n; i++) mean[i] += x[i];
            count++;
        }
        for (int i = 0; i < n; i++) mean[i] /= count;
        for (double[][] traj : states) for (double[] x : traj) {
            for (int i = 0; i < n; i++) scale[i] += (x[i] - mean[i]) * (x[i] - mean[i]);
        }
        for (int i = 0; i < n; i++) {
            scale[i] = Math.max(Math.sqrt(scale[i] / count), 1e-3 * Math.max(Math.abs(mean[i]), 1e-3));
        }
        int m = controlLow.length;
        double[] cm = new double[m], cs = new double[m];
        for (int i = 0; i < m; i++) {
            cm[i] = (controlLow[i] + controlHigh[i]) / 2;
            cs[i] = Math.max((controlHigh[i] - controlLow[i]) / 2, 1e-6);
        }
        return new Scaling(mean, scale, cm, cs);
    }
}
