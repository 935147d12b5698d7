package io.deadwood.api.model;

import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.StateSlot;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's whole state, as its layers declare it ({@link Layer#state()}): the one description that
 * checkpoints, model files, digests and weight snapshots read, so none of them knows a layer class.
 */
public final class ModelState {
    private ModelState() {
    }

    /** A slot and the layer that declared it. */
    public record Entry(Layer layer, StateSlot slot) {
    }

    /** Every layer's slots, depth first, in declaration order. */
    public static List<Entry> entries(Model model) {
        List<Entry> out = new ArrayList<>();
        for (Layer l : model.layers()) for (StateSlot s : l.state()) out.add(new Entry(l, s));
        return out;
    }

    /** The current values by slot name, absent optional slots left out. */
    public static Map<String, Tensor> values(Model model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Entry e : entries(model)) {
            Tensor v = e.slot().value();
            if (v == null) continue;
            if (out.put(e.slot().name(), v) != null) {
                throw new IllegalStateException("two state slots of " + model.name() + " are named '" + e.slot().name() + "'");
            }
        }
        return out;
    }

    /**
     * Puts stored values back, by slot name. A required slot must be stored; an optional one that is
     * not is cleared. A parameter or buffer must keep its rank and may only be narrower than the
     * model holds now (pruning only narrows). Names that belong to no slot are refused.
     *
     * @throws IllegalArgumentException naming the slot, when the stored state does not fit the model
     */
    public static void restore(Model model, Map<String, Tensor> stored) {
        Map<String, Tensor> left = new LinkedHashMap<>(stored);
        for (Entry e : entries(model)) {
            StateSlot slot = e.slot();
            Tensor t = left.remove(slot.name());
            if (t == null && !slot.kind().optional()) throw new IllegalArgumentException("no tensor '" + slot.name() + "'");
            if (t != null && !slot.kind().optional()) requireFits(slot.name(), t, slot.value());
            slot.write().accept(t);
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("tensors " + left.keySet() + " belong to no layer of " + model.name());
        }
        model.outputShapeCheck();
    }

    private static void requireFits(String name, Tensor stored, Tensor built) {
        int[] shape = stored.shape(), full = built.shape();
        boolean fits = shape.length == full.length;
        for (int i = 0; fits && i < shape.length; i++) fits = shape[i] <= full[i];
        if (!fits) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + ", which does not fit the model's " + Arrays.toString(full));
        }
    }
}
