package io.deadwood.control.learn;

import io.deadwood.api.data.Dataset;
import io.deadwood.control.ControlProblem;
import java.util.Arrays;
import java.util.List;

/**
 * Sampled trajectories cut into training windows, in the model's units ({@link Scaling}): a sample is
 * a start state and {@code windowSteps} controls, its target the states after each step. Whole
 * trajectories go to one split, so held-out errors are on trajectories the model never saw.
 */
public record DynamicsData(Scaling scaling, Trajectories train, Trajectories validation, Trajectories test,
                           double[] controlLow, double[] controlHigh) {

    /**
     * @param low  the controls' sampling range (the problem's bounds where finite)
     * @param high its top
     */
    public static DynamicsData sample(ControlProblem p, LearnConfig c, double[] low, double[] high) {
        int intervals = p.discreteTime() ? (int) Math.round(p.horizon()) : c.intervals();
        Trajectories all = Trajectories.sample(p, c.trajectories(), intervals, low, high, c.startSpread(), c.walkStep(),
                c.seed());
        int nTest = Math.max(1, c.trajectories() / 10), nVal = nTest, nTrain = c.trajectories() - nTest - nVal;
        Trajectories train = slice(all, 0, nTrain), val = slice(all, nTrain, nTrain + nVal),
                test = slice(all, nTrain + nVal, c.trajectories());
        return new DynamicsData(Scaling.fit(train.states(), low, high), train, val, test, low.clone(), high.clone());
    }

    private static Trajectories slice(Trajectories t, int from, int to) {
        return new Trajectories(Arrays.copyOfRange(t.states(), from, to), Arrays.copyOfRange(t.controls(), from, to),
                t.intervals());
    }

    /** Every window of {@code steps} intervals of every trajectory, as a regression set. */
    public Dataset windows(String name, Trajectories t, int steps) {
        int n = t.states()[0][0].length, m = t.controls()[0][0].length, per = t.intervals() - steps + 1;
        int samples = t.count() * per, in = n + steps * m, out = steps * n;
        float[] inputs = new float[samples * in], targets = new float[samples * out];
        int s = 0;
        for (int j = 0; j < t.count(); j++) {
            double[][] x = t.states()[j], u = t.controls()[j];
            for (int k = 0; k < per; k++, s++) {
                for (int i = 0; i < n; i++) inputs[s * in + i] = (float) scaling.state(i, x[k][i]);
                for (int q = 0; q < steps; q++) {
                    for (int i = 0; i < m; i++) inputs[s * in + n + q * m + i] = (float) scaling.control(i, u[k + q][i]);
                    for (int i = 0; i < n; i++) targets[s * out + q * n + i] = (float) scaling.state(i, x[k + q + 1][i]);
                }
            }
        }
        return Dataset.regression(name, inputs, new int[] {1, in}, targets, out, List.of());
    }
}
