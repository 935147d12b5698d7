package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of every parameter and buffer (BatchNorm running statistics) of a model, to rewind to or
 * to measure how far weights moved.
 * Tensors whose shape changed since the copy (structured surgery) are left as they are.
 */
public final class WeightSnapshot {
    private final Map<Parameter, float[]> parameters = new IdentityHashMap<>();
    private final Map<Layer, float[][]> buffers = new IdentityHashMap<>();

    private WeightSnapshot() {
    }

    public static WeightSnapshot of(Model model) {
        WeightSnapshot s = new WeightSnapshot();
        for (Layer layer : model.layers()) {
            for (Parameter p : layer.parameters()) s.parameters.put(p, p.value().data().clone());
            List<Tensor> bufs = layer.buffers();
            if (bufs.isEmpty()) continue;
            float[][] copies = new float[bufs.size()][];
            for (int i = 0; i < copies.length; i++) copies[i] = bufs.get(i).data().clone();
            s.buffers.put(layer, copies);
        }
        return s;
    }

    /** The copy in a checkpoint's terms (parameter and layer names). */
    public JsonNode toJson() {
        return StateCodec.snapshot(parameters, buffers);
    }

    /** A copy read back from a checkpoint, keyed to {@code model}'s parameters and layers. */
    public static WeightSnapshot fromJson(Model model, JsonNode json) {
        WeightSnapshot s = new WeightSnapshot();
        StateCodec.restoreSnapshot(model, json, s.parameters, s.buffers);
        return s;
    }

    /** Every copied parameter's values, by parameter (not to be changed). */
    public Map<Parameter, float[]> parameters() {
        return java.util.Collections.unmodifiableMap(parameters);
    }

    /** The copied values of {@code p} (not to be changed), or null when it was not in the model then. */
    public float[] values(Parameter p) {
        return parameters.get(p);
    }

    /**
     * Writes the copy back, then zeroes the masked weights again (a rewound survivor keeps its old
     * value, a pruned weight stays zero). Returns the number of tensors skipped because their shape changed.
     */
    public int restore(Model model, WeightMasks masks) {
        int skipped = 0;
        for (Layer layer : model.layers()) {
            for (Parameter p : layer.parameters()) {
                if (!copyInto(p.value(), parameters.get(p))) skipped++;
            }
            float[][] copies = buffers.get(layer);
            if (copies == null) continue;
            List<Tensor> bufs = layer.buffers();
            for (int i = 0; i < bufs.size(); i++) {
                if (!copyInto(bufs.get(i), i < copies.length ? copies[i] : null)) skipped++;
            }
        }
        masks.zeroMaskedWeights();
        return skipped;
    }

    private static boolean copyInto(Tensor t, float[] copy) {
        if (copy == null || copy.length != t.size()) return false;
        System.arraycopy(copy, 0, t.data(), 0, copy.length);
        return true;
    }
}
