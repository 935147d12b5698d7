package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One named piece of a layer's state, with how to read it and how to put a stored value back.
 * Checkpoints, model files, digests and weight snapshots all walk these slots, so a layer that
 * declares its state once is saved, reloaded, compared and rewound without any of them knowing
 * its class.
 *
 * <p>Masks and selections are stored as float tensors (0/1 per unit, or whole-number indices with
 * -1 for "none"): exact for any index below 2^24.
 *
 * @param name  unique within the model ({@code fc1.weight}, {@code stage1.bn1.runningMean})
 * @param kind  what the tensor is; only {@link Kind#MASK} and {@link Kind#SELECTION} may be absent
 * @param read  the current value, or null when an optional slot holds nothing (no mask set)
 * @param write puts a stored value back (null clears an optional slot); may swap in a narrower
 *              tensor than the layer was built with, since pruning only narrows
 */
public record StateSlot(String name, Kind kind, Supplier<Tensor> read, Consumer<Tensor> write) {

    public enum Kind {
        /** A trainable tensor. */
        PARAMETER,
        /** Non-trainable numbers that change the function (running statistics). */
        BUFFER,
        /** One 0/1 entry per unit: 0 forces the unit's output to zero. */
        MASK,
        /** Whole-number indices (-1 for none) that route units, such as a residual skip's channel selection. */
        SELECTION;

        /** Whether a model may lack this slot's value (an unmasked ReLU has no mask). */
        public boolean optional() { return this == MASK || this == SELECTION; }
    }

    public static StateSlot of(Parameter p) {
        return new StateSlot(p.name(), Kind.PARAMETER, p::value, p::replace);
    }

    public Tensor value() { return read.get(); }

    /** A 0/1 mask as a tensor, or null for none. */
    public static Tensor maskTensor(boolean[] keep) {
        if (keep == null) return null;
        Tensor t = Tensor.zeros(keep.length);
        for (int i = 0; i < keep.length; i++) t.set(i, keep[i] ? 1f : 0f);
        return t;
    }

    /** The mask a tensor stores; refuses entries other than 0 and 1. */
    public static boolean[] mask(Tensor t, String name) {
        if (t == null) return null;
        if (t.rank() != 1) throw new IllegalArgumentException(name + ": a mask must be one-dimensional, got " + t);
        boolean[] keep = new boolean[t.size()];
        for (int i = 0; i < keep.length; i++) {
            float v = t.get(i);
            if (v != 0f && v != 1f) throw new IllegalArgumentException(name + ": mask entry " + v + " is neither 0 nor 1");
            keep[i] = v == 1f;
        }
        return keep;
    }

    public static Tensor selectionTensor(int[] select) {
        if (select == null) return null;
        Tensor t = Tensor.zeros(select.length);
        for (int i = 0; i < select.length; i++) t.set(i, select[i]);
        return t;
    }

    /** The indices a tensor stores; refuses fractions. */
    public static int[] selection(Tensor t, String name) {
        if (t == null) return null;
        if (t.rank() != 1) throw new IllegalArgumentException(name + ": a selection must be one-dimensional, got " + t);
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) {
            float v = t.get(i);
            if (v != Math.rint(v) || v < -1) throw new IllegalArgumentException(name + ": selection entry " + v + " is not an index or -1");
            out[i] = (int) v;
        }
        return out;
    }
}
