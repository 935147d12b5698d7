package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A differentiable layer. Shapes passed around here are per-sample ([C, H, W] or [F]); tensors
 * carry the batch as their first axis. A layer caches what its backward pass needs during a
 * training forward pass; {@code backward} must follow the matching {@code forward}.
 */
public abstract class Layer {
    private final String name;
    // the names a backend sees for this layer's passes, made once so a step allocates nothing
    final String forwardPass, backwardPass;

    protected Layer(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("layer name is empty");
        this.name = name;
        this.forwardPass = name + ".forward";
        this.backwardPass = name + ".backward";
    }

    public final String name() { return name; }

    /** Per-sample output shape for a per-sample input shape; throws if the input does not fit. */
    public abstract int[] outputShape(int[] inputShape);

    public abstract Tensor forward(Tensor x, ExecutionContext ctx);

    /** Gradient with respect to the input; parameter gradients are written into their Parameters. */
    public abstract Tensor backward(Tensor gy, ExecutionContext ctx);

    /** This layer's own trainable parameters (not its children's). */
    public List<Parameter> parameters() { return List.of(); }

    /** Non-trainable state that is part of the model (BatchNorm running statistics). */
    public List<Tensor> buffers() { return List.of(); }

    /**
     * This layer's own state (not its children's) as named slots, in a fixed order: parameters, then
     * buffers, then masks and selections. Checkpoints, model files, digests and weight snapshots
     * read only this. The default lists the parameters and the buffers (named {@code NAME.bufferI},
     * restored in place at their built shape); a layer with masks, selections or buffers that
     * narrow under surgery overrides it.
     */
    public List<StateSlot> state() {
        List<StateSlot> out = new ArrayList<>();
        for (Parameter p : parameters()) out.add(StateSlot.of(p));
        List<Tensor> buffers = buffers();
        for (int i = 0; i < buffers.size(); i++) {
            Tensor b = buffers.get(i);
            out.add(new StateSlot(name + ".buffer" + i, StateSlot.Kind.BUFFER, () -> b, b::copyFrom));
        }
        return out;
    }

    /**
     * Tells structured pruning how this layer reads and produces units (see {@link UnitWiring}) and
     * returns the per-sample output shape. The default suits parameter-free layers that keep channels
     * where they are; a layer with parameters that does not override it is treated as opaque.
     */
    public int[] wireUnits(UnitWiring wiring, int[] inputShape) {
        if (!parameters().isEmpty() || !children().isEmpty()) wiring.opaque(this);
        return outputShape(inputShape);
    }

    /** Whether this layer's outputs are the model's fixed outputs (the classifier), never pruned. */
    public boolean fixedOutputs() { return false; }

    /** Sub-layers, for containers. */
    public List<Layer> children() { return List.of(); }

    /** Sets parameters to their initial values, drawing from rng in a fixed order. */
    public void initialize(SplittableRandom rng) {
    }

    /** Multiply-adds times two, per sample, for one forward pass at this input shape. */
    public long forwardFlops(int[] inputShape) { return 0; }

    /** Output units of this layer that structured pruning may remove (0 when not prunable). */
    public int prunableUnits() { return 0; }

    /** Depth-first list of this layer and every descendant. */
    public final List<Layer> flatten() {
        List<Layer> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(Layer layer, List<Layer> out) {
        out.add(layer);
        for (Layer child : layer.children()) collect(child, out);
    }

    /** Every parameter of this layer and its descendants, depth first. */
    public final List<Parameter> allParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Layer l : flatten()) out.addAll(l.parameters());
        return out;
    }

    /** Returns {@code t} if it already has the shape, else a fresh zero tensor: buffers are reused across steps. */
    protected static Tensor reuse(Tensor t, int... shape) {
        return t != null && t.hasShape(shape) ? t : Tensor.zeros(shape);
    }

    // The same for the ranks layers use every step, where a varargs array would be a per-call allocation.
    protected static Tensor reuse(Tensor t, int d0) {
        return t != null && t.hasShape(d0) ? t : Tensor.zeros(d0);
    }

    protected static Tensor reuse(Tensor t, int d0, int d1) {
        return t != null && t.hasShape(d0, d1) ? t : Tensor.zeros(d0, d1);
    }

    protected static Tensor reuse(Tensor t, int d0, int d1, int d2, int d3) {
        return t != null && t.hasShape(d0, d1, d2, d3) ? t : Tensor.zeros(d0, d1, d2, d3);
    }

    /** {@link #reuse} with the shape of {@code like}, which is not copied unless a new tensor is needed. */
    protected static Tensor reuseLike(Tensor t, Tensor like) {
        return t != null && t.sameShape(like) ? t : Tensor.zeros(like.shape());
    }

    /**
     * A view of {@code source} with {@code shape}, reusing {@code cached} when it already views the same
     * storage with that shape, so reshaping layers allocate nothing in the steady state.
     */
    protected static Tensor view(Tensor cached, Tensor source, int... shape) {
        if (cached != null && cached.sameStorage(source) && cached.hasShape(shape)) return cached;
        return source.reshape(shape);
    }

    protected static Tensor view(Tensor cached, Tensor source, int d0, int d1) {
        if (cached != null && cached.sameStorage(source) && cached.hasShape(d0, d1)) return cached;
        return source.reshape(d0, d1);
    }

    /** {@link #view} with the shape of {@code like}. */
    protected static Tensor viewLike(Tensor cached, Tensor source, Tensor like) {
        if (cached != null && cached.sameStorage(source) && cached.sameShape(like)) return cached;
        return source.reshape(like.shape());
    }

    protected static int[] withBatch(int batch, int[] sampleShape) {
        int[] s = new int[sampleShape.length + 1];
        s[0] = batch;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    protected static int product(int[] shape) {
        int p = 1;
        for (int d : shape) p *= d;
        return p;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ")";
    }
}
