package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelState;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.StateSlot;
import io.deadwood.api.tensor.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A copy of every parameter and buffer (BatchNorm running statistics) of a model, to rewind to or
 * to measure how far weights moved, read through the layers' declared state.
 * Tensors whose shape changed since the copy (structured surgery) are left as they are.
 */
public final class WeightSnapshot {
    /** By state-slot name, which surgery never changes. */
    private final Map<String, float[]> values;
    private final Map<Parameter, float[]> parameters = new IdentityHashMap<>();

    private WeightSnapshot(Model model, Map<String, float[]> values) {
        this.values = values;
        for (Parameter p : model.parameters()) {
            float[] v = values.get(p.name());
            if (v != null) parameters.put(p, v);
        }
    }

    public static WeightSnapshot of(Model model) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ModelState.Entry e : ModelState.entries(model)) {
            if (copied(e.slot())) values.put(e.slot().name(), e.slot().value().data().clone());
        }
        return new WeightSnapshot(model, values);
    }

    private static boolean copied(StateSlot slot) {
        return slot.kind() == StateSlot.Kind.PARAMETER || slot.kind() == StateSlot.Kind.BUFFER;
    }

    /** The copy in a checkpoint's terms (state-slot names). */
    public JsonNode toJson() {
        return StateCodec.snapshot(values);
    }

    /** A copy read back from a checkpoint, keyed to {@code model}'s parameters. */
    public static WeightSnapshot fromJson(Model model, JsonNode json) {
        return new WeightSnapshot(model, StateCodec.restoreSnapshot(json));
    }

    /** Every copied parameter's values, by parameter (not to be changed). */
    public Map<Parameter, float[]> parameters() {
        return Collections.unmodifiableMap(parameters);
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
        for (ModelState.Entry e : ModelState.entries(model)) {
            if (copied(e.slot()) && !copyInto(e.slot().value(), values.get(e.slot().name()))) skipped++;
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
