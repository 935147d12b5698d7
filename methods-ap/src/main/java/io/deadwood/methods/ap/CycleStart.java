package io.deadwood.methods.ap;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.WeightMasks;
import io.deadwood.api.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model as a cycle began (theta_0): every parameter and buffer, for AP's movement score and
 * for rewinding. Tensors whose shape changed since (structured surgery) are not rewound.
 */
final class CycleStart {
    private final Map<Parameter, float[]> parameters = new IdentityHashMap<>();
    private final Map<Layer, float[][]> buffers = new IdentityHashMap<>();

    private CycleStart() {
    }

    JsonNode toJson() {
        return StateCodec.snapshot(parameters, buffers);
    }

    static CycleStart fromJson(Model model, JsonNode json) {
        CycleStart s = new CycleStart();
        StateCodec.restoreSnapshot(model, json, s.parameters, s.buffers);
        return s;
    }

    CycleStart(Model model) {
        for (Layer layer : model.layers()) {
            for (Parameter p : layer.parameters()) parameters.put(p, p.value().data().clone());
            List<Tensor> bufs = layer.buffers();
            if (bufs.isEmpty()) continue;
            float[][] copies = new float[bufs.size()][];
            for (int i = 0; i < copies.length; i++) copies[i] = bufs.get(i).data().clone();
            buffers.put(layer, copies);
        }
    }

    Map<Parameter, float[]> parameters() { return parameters; }

    /** Writes the copy back and zeroes masked weights again; returns the tensors skipped for a new shape. */
    int restore(Model model, WeightMasks masks) {
        int skipped = 0;
        for (Layer layer : model.layers()) {
            for (Parameter p : layer.parameters()) if (!copyInto(p.value(), parameters.get(p))) skipped++;
            float[][] copies = buffers.get(layer);
            if (copies == null) continue;
            List<Tensor> bufs = layer.buffers();
            for (int i = 0; i < bufs.size(); i++) if (!copyInto(bufs.get(i), i < copies.length ? copies[i] : null)) skipped++;
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
