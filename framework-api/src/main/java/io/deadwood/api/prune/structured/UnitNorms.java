package io.deadwood.api.prune.structured;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.MethodOps;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.tensor.Tensor;
import java.util.List;

/**
 * Per-unit norms of a group's producer weights, read along each parameter's own unit axis. The
 * forms that take a backend sum where the backend holds the weights (what a method does every
 * step); the others sum on the host, for scores taken once in a while.
 */
public final class UnitNorms {
    /** A per-unit reduction: the backend's, or the host's definition of it. */
    private interface Reducer {
        void reduce(Tensor x, UnitAxis axis, UnitReduction reduction, double[] acc);
    }

    private static final Reducer HOST = MethodOps::unitReduce;

    private UnitNorms() {
    }

    /** Sum of |w| over every producer weight entry that belongs to each unit (a filter, a neuron's row). */
    public static double[] l1(UnitGroup group) {
        return l1(group, HOST);
    }

    public static double[] l1(UnitGroup group, ComputeBackend backend) {
        return l1(group, backend::unitReduce);
    }

    private static double[] l1(UnitGroup group, Reducer reducer) {
        double[] s = new double[group.size()];
        for (Parameter p : group.producerWeights()) reducer.reduce(p.value(), axis(p, s.length), UnitReduction.ABS, s);
        return s;
    }

    /** Euclidean norm of each unit's producer weight entries, taken jointly over all producers. */
    public static double[] l2(UnitGroup group) {
        return l2(group, HOST);
    }

    public static double[] l2(UnitGroup group, ComputeBackend backend) {
        return l2(group, backend::unitReduce);
    }

    private static double[] l2(UnitGroup group, Reducer reducer) {
        double[] s = new double[group.size()];
        for (Parameter p : group.producerWeights()) reducer.reduce(p.value(), axis(p, s.length), UnitReduction.SQUARE, s);
        for (int u = 0; u < s.length; u++) s[u] = Math.sqrt(s[u]);
        return s;
    }

    /** Mean |gamma| over the group's BatchNorms (a projection shortcut brings a second one). */
    public static double[] batchNormScale(UnitGroup group) {
        return batchNormScale(group, HOST);
    }

    public static double[] batchNormScale(UnitGroup group, ComputeBackend backend) {
        return batchNormScale(group, backend::unitReduce);
    }

    private static double[] batchNormScale(UnitGroup group, Reducer reducer) {
        List<Parameter> gammas = group.batchNormScales();
        double[] s = new double[group.size()];
        double[] abs = new double[s.length];
        for (Parameter g : gammas) {
            java.util.Arrays.fill(abs, 0);
            reducer.reduce(g.value(), new UnitAxis(s.length, 1), UnitReduction.ABS, abs);
            // |gamma| is a float; the mean is taken in float, as it always was.
            for (int u = 0; u < s.length; u++) s[u] += (float) abs[u] / gammas.size();
        }
        return s;
    }

    /** The unit layout of a producer weight of a group of {@code units}. */
    public static UnitAxis axis(Parameter p, int units) {
        UnitAxis a = UnitAxis.of(p.value().shape(), p.unitAxis(), 1);
        if (a.units() != units) {
            throw new IllegalArgumentException(p.name() + " has " + a.units() + " units on its axis, not " + units);
        }
        return a;
    }

    /** Entries of {@code p} before and after its unit axis: unit u's entries are data[(o * units + u) * inner + i]. */
    public static int[] outerInner(Parameter p) {
        int[] shape = p.value().shape();
        int outer = 1, inner = 1;
        for (int a = 0; a < p.unitAxis(); a++) outer *= shape[a];
        for (int a = p.unitAxis() + 1; a < shape.length; a++) inner *= shape[a];
        return new int[] {outer, inner};
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
