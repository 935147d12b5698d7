package io.deadwood.api.prune;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Global unstructured pruning over a set of weight tensors: one ranking across all of them, so
 * layers lose weights in proportion to how small theirs are rather than by a fixed per-layer
 * share. The score is pluggable, so the same selection serves plain magnitude and other weight
 * criteria (magnitude pruning ranks |w|; AP ranks how little negative weights moved).
 */
public final class WeightRanking {

    /** A weight's score; the lowest are pruned first. NaN leaves the weight out of the ranking. */
    @FunctionalInterface
    public interface Score {
        float score(Parameter weight, int index);
    }

    /** |w| of the weight as it is now. */
    public static final Score MAGNITUDE = (p, i) -> Math.abs(p.value().data()[i]);

    private WeightRanking() {
    }

    /**
     * The conv and dense kernels (decayed parameters), depth first; the classifier's kernel (the
     * dense layer whose outputs are the classes) only when {@code includeClassifier}.
     */
    public static List<Parameter> prunableWeights(Model model, boolean includeClassifier) {
        List<Parameter> out = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (!includeClassifier && layer.fixedOutputs()) continue;
            for (Parameter p : layer.parameters()) if (p.decayed()) out.add(p);
        }
        return out;
    }

    public static long total(List<Parameter> weights) {
        long n = 0;
        for (Parameter p : weights) n += p.size();
        return n;
    }

    /** Weights the pruner's masks hold at zero. */
    public static long masked(Pruner pruner, List<Parameter> weights) {
        long n = 0;
        for (Parameter p : weights) {
            Tensor m = pruner.weightMasks().get(p);
            if (m == null) continue;
            for (float v : m.data()) if (v == 0f) n++;
        }
        return n;
    }

    public static boolean isMasked(Pruner pruner, Parameter p, int index) {
        Tensor m = pruner.weightMasks().get(p);
        return m != null && m.data()[index] == 0f;
    }

    /**
     * Masks the {@code count} unmasked weights with the lowest scores (fewer if fewer are eligible),
     * on top of the masks already set. Ties go to the earlier parameter and position, so the choice
     * is the same on every run. Returns how many weights were masked.
     */
    public static long pruneLowest(Pruner pruner, List<Parameter> weights, long count, Score score) {
        if (count <= 0) return 0;
        long[] offsets = new long[weights.size() + 1];
        for (int k = 0; k < weights.size(); k++) offsets[k + 1] = offsets[k] + weights.get(k).size();
        if (offsets[weights.size()] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("global ranking over more than 2^31 weights is not supported");
        }
        // One sortable long per candidate: the score's order-preserving bits above, the global index
        // below, so a primitive sort ranks by score and breaks ties by position.
        long[] keys = new long[(int) offsets[weights.size()]];
        int n = 0;
        for (int k = 0; k < weights.size(); k++) {
            Parameter p = weights.get(k);
            Tensor m = pruner.weightMasks().get(p);
            for (int i = 0; i < p.size(); i++) {
                if (m != null && m.data()[i] == 0f) continue;
                float s = score.score(p, i);
                if (Float.isNaN(s)) continue;
                keys[n++] = ((long) sortableBits(s) << 32) | (offsets[k] + i);
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
                if (mask == null) mask = currentMask(pruner, p);
                mask.data()[(int) (chosen[j] - offsets[k])] = 0f;
                j++;
            }
            if (mask != null) pruner.maskWeights(p, mask);
        }
        return take;
    }

    /** A copy of the parameter's mask, all ones when it has none yet. */
    public static Tensor currentMask(Pruner pruner, Parameter p) {
        Tensor m = pruner.weightMasks().get(p);
        if (m != null) return m.copy();
        Tensor ones = Tensor.zeros(p.value().shape());
        ones.fill(1f);
        return ones;
    }

    /** Maps a float to an int whose signed order is the float's order (-0 just below +0). */
    private static int sortableBits(float f) {
        int bits = Float.floatToIntBits(f);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }
}
