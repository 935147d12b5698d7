package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;

/**
 * max(x, 0). Its output is where units live or die: dead-unit probes and dead-neuron-rate statistics
 * read the tensor this layer returns.
 */
public final class ReLU extends Layer {
    private Tensor y;
    private Tensor gx;
    private Tensor cachedY;

    public ReLU(String name) {
        super(name);
    }

    @Override
    public int[] outputShape(int[] inputShape) { return inputShape.clone(); }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        // Not in place: the input may be another layer's cached tensor (a residual block adds it to its skip path).
        y = reuse(y, x.shape());
        ctx.backend().reluForward(x, y);
        cachedY = ctx.training() ? y : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedY == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        gx = reuse(gx, cachedY.shape());
        ctx.backend().reluBackward(cachedY, gy, gx);
        return gx;
    }
}
