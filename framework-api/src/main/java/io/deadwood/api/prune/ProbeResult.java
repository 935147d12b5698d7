package io.deadwood.api.prune;

import java.util.Map;

/**
 * What one eval-mode pass over the probe set saw at each unit group's ReLU.
 *
 * @param activationSums per group, the sum of each unit's activations over every probe sample and
 *                       position (ReLU outputs are >= 0, so a sum of 0 means never active)
 * @param positions      per group, probe samples times spatial positions per unit
 * @param zeroFractions  per group, the fraction of its outputs that were exactly zero
 */
public record ProbeResult(Map<String, double[]> activationSums, Map<String, Long> positions,
                          Map<String, Double> zeroFractions, int samples) {

    /** Units whose summed activation is at most eps: dead on every probe input. */
    public int[] deadUnits(String group, double eps) {
        double[] sums = sums(group);
        return java.util.stream.IntStream.range(0, sums.length).filter(i -> sums[i] <= eps).toArray();
    }

    public double[] meanActivation(String group) {
        double[] sums = sums(group);
        long n = Math.max(1, positions.get(group));
        double[] mean = new double[sums.length];
        for (int i = 0; i < sums.length; i++) mean[i] = sums[i] / n;
        return mean;
    }

    private double[] sums(String group) {
        double[] s = activationSums.get(group);
        if (s == null) throw new IllegalArgumentException("the probe saw no group '" + group + "'");
        return s;
    }
}
