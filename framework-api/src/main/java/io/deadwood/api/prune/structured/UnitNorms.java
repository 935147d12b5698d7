package io.deadwood.api.prune.structured;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.UnitGroup;
import java.util.List;

/** Per-unit norms of a group's producer weights, read along each parameter's own unit axis. */
public final class UnitNorms {
    private UnitNorms() {
    }

    /** Sum of |w| over every producer weight entry that belongs to each unit (a filter, a neuron's row). */
    public static double[] l1(UnitGroup group) {
        double[] s = new double[group.size()];
        for (Parameter p : group.producerWeights()) accumulate(p, s, false);
        return s;
    }

    /** Euclidean norm of each unit's producer weight entries, taken jointly over all producers. */
    public static double[] l2(UnitGroup group) {
        double[] s = new double[group.size()];
        for (Parameter p : group.producerWeights()) accumulate(p, s, true);
        for (int u = 0; u < s.length; u++) s[u] = Math.sqrt(s[u]);
        return s;
    }

    /** Mean |gamma| over the group's BatchNorms (a projection shortcut brings a second one). */
    public static double[] batchNormScale(UnitGroup group) {
        List<Parameter> gammas = group.batchNormScales();
        double[] s = new double[group.size()];
        for (Parameter g : gammas) {
            float[] d = g.value().data();
            for (int u = 0; u < s.length; u++) s[u] += Math.abs(d[u]) / gammas.size();
        }
        return s;
    }

    /** Entries of {@code p} before and after its unit axis: unit u's entries are data[(o * units + u) * inner + i]. */
    public static int[] outerInner(Parameter p) {
        int[] shape = p.value().shape();
        int outer = 1, inner = 1;
        for (int a = 0; a < p.unitAxis(); a++) outer *= shape[a];
        for (int a = p.unitAxis() + 1; a < shape.length; a++) inner *= shape[a];
        return new int[] {outer, inner};
    }

    private static void accumulate(Parameter p, double[] s, boolean squares) {
        int[] oi = outerInner(p);
        int units = s.length;
        float[] d = p.value().data();
        for (int o = 0; o < oi[0]; o++) {
            for (int u = 0; u < units; u++) {
                int off = (o * units + u) * oi[1];
                double acc = 0;
                for (int i = 0; i < oi[1]; i++) {
                    float v = d[off + i];
                    acc += squares ? (double) v * v : Math.abs(v);
                }
                s[u] += acc;
            }
        }
    }

    /** Divides by the mean so that groups of different scale can share one ranking; all-zero scores stay as they are. */
    public static double[] byMean(double[] scores) {
        double mean = 0;
        for (double v : scores) mean += v / scores.length;
        if (!(mean > 0)) return scores.clone();
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) out[i] = scores[i] / mean;
        return out;
    }
}
