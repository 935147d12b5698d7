package io.deadwood.api.nn;

import io.deadwood.api.backend.SmoothActivation;
import io.deadwood.api.tensor.Tensor;

/**
 * A smooth elementwise activation: the sigmoid, tanh or softplus ({@link SmoothActivation}), for
 * models that need a differentiable vector field or bounded outputs rather than the ReLU's kink.
 *
 * <p>Units and pruning: the layer is parameter-free and keeps every channel where it is, so it says
 * nothing to {@link UnitWiring} (the default, like pooling and flatten): the current unit group
 * passes through it unchanged and the next producer consumes it. It is not an activation in the
 * {@link UnitWiring#activate} sense, because that is where units are observed dying and masked to
 * zero, and a smooth unit neither dies (its output is never exactly zero on an open set of inputs)
 * nor stays inert when masked after a sigmoid or softplus, whose value at zero is not zero. So a
 * group whose only activation is smooth is not offered to structured pruning, for the reason the
 * graph gives for units without a ReLU; a ReLU anywhere after the producer still makes the group
 * prunable, and cutting it slices the tensors on both sides of this layer, which holds no state of
 * its own. Dead-neuron statistics therefore stay ReLU-only.
 *
 * <p>Model files and checkpoints store layers' state, not their types; this layer has none, so a
 * model provider that builds it saves and reloads like any other.
 */
public final class Activation extends Layer {
    private final SmoothActivation kind;
    private Tensor y;
    private Tensor gx;
    private Tensor cachedY;

    public Activation(String name, SmoothActivation kind) {
        super(name);
        if (kind == null) throw new IllegalArgumentException(name + ": activation kind is null");
        this.kind = kind;
    }

    public static Activation sigmoid(String name) { return new Activation(name, SmoothActivation.SIGMOID); }

    public static Activation tanh(String name) { return new Activation(name, SmoothActivation.TANH); }

    public static Activation softplus(String name) { return new Activation(name, SmoothActivation.SOFTPLUS); }

    public SmoothActivation kind() { return kind; }

    @Override
    public int[] outputShape(int[] inputShape) { return inputShape.clone(); }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        // Not in place: the input may be another layer's cached tensor.
        y = reuseLike(y, x);
        ctx.backend().smoothForward(kind, x, y);
        cachedY = ctx.training() ? y : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedY == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        gx = reuseLike(gx, cachedY);
        ctx.backend().smoothBackward(kind, cachedY, gy, gx);
        return gx;
    }
}
