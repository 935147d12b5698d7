package io.deadwood.methods.ap;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * AP's own choice of weights: the surviving negative weights that moved least between the cycle's
 * start and its end. Kept here rather than borrowed from a base method, since AP wraps whichever
 * base method is installed.
 */
final class ApWeights {
    private ApWeights() {
    }

    /** Conv and dense kernels (decayed parameters), depth first; the classifier's only when asked. */
    static List<Parameter> prunable(Model model, boolean includeClassifier) {
        List<Parameter> out = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (!includeClassifier && layer instanceof Dense d && !d.prunable()) continue;
            for (Parameter p : layer.parameters()) if (p.decayed()) out.add(p);
        }
        return out;
    }

    static long total(List<Parameter> weights) {
        long n = 0;
        for (Parameter p : weights) n += p.size();
        return n;
    }

    static long masked(Pruner pruner, List<Parameter> weights) {
        long n = 0;
        for (Parameter p : weights) {
            Tensor m = pruner.weightMasks().get(p);
            if (m == null) continue;
            for (float v : m.data()) if (v == 0f) n++;
        }
        return n;
    }

    /**
     * Masks up to {@code count} unmasked weights that were negative at the cycle's end
     * ({@code trained}), those with the smallest |trained - start| first; ties go to the earlier
     * parameter and position. A parameter whose shape changed during the cycle is left out.
     * Returns how many were masked.
     */
    static long maskNegativeLeastMoved(Pruner pruner, List<Parameter> weights, Map<Parameter, float[]> trained,
                                       Map<Parameter, float[]> start, long count) {
        if (count <= 0) return 0;
        long[] offsets = new long[weights.size() + 1];
        for (int k = 0; k < weights.size(); k++) offsets[k + 1] = offsets[k] + weights.get(k).size();
        if (offsets[weights.size()] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("AP ranks at most 2^31 weights");
        }
        // Movement bits above, global position below: one primitive sort ranks and breaks ties.
        // Movements are >= 0, so their raw float bits already sort as the floats do.
        long[] keys = new long[(int) offsets[weights.size()]];
        int n = 0;
        for (int k = 0; k < weights.size(); k++) {
            Parameter p = weights.get(k);
            float[] end = trained.get(p), begin = start.get(p);
            if (end == null || begin == null || end.length != p.size() || begin.length != p.size()) continue;
            Tensor m = pruner.weightMasks().get(p);
            for (int i = 0; i < end.length; i++) {
                if (!(end[i] < 0f) || (m != null && m.data()[i] == 0f)) continue;
                float moved = Math.abs(end[i] - begin[i]);
                keys[n++] = ((long) Float.floatToIntBits(moved) << 32) | (offsets[k] + i);
            }
        }
        int take = (int) Math.min(count, n);
        if (take == 0) return 0;
        Arrays.sort(keys, 0, n);
        int[] chosen = new int[take];
        for (int j = 0; j < take; j++) chosen[j] = (int) (keys[j] & 0xFFFFFFFFL);
        Arrays.sort(chosen);
        int j = 0;
        for (int k = 0; k < weights.size() && j < take; k++) {
            Parameter p = weights.get(k);
            Tensor mask = null;
            while (j < take && chosen[j] < offsets[k + 1]) {
                if (mask == null) mask = maskOrOnes(pruner, p);
                mask.data()[(int) (chosen[j] - offsets[k])] = 0f;
                j++;
            }
            if (mask != null) pruner.maskWeights(p, mask);
        }
        return take;
    }

    private static Tensor maskOrOnes(Pruner pruner, Parameter p) {
        Tensor m = pruner.weightMasks().get(p);
        if (m != null) return m.copy();
        Tensor ones = Tensor.zeros(p.value().shape());
        ones.fill(1f);
        return ones;
    }
}
