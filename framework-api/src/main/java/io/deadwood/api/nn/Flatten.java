package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;

/** [N, ...] to [N, features] as a view over the same storage: no copy either way. */
public final class Flatten extends Layer {
    private Tensor y;
    private Tensor gx;
    private Tensor cachedX;

    public Flatten(String name) {
        super(name);
    }

    @Override
    public int[] outputShape(int[] inputShape) { return new int[] {product(inputShape)}; }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        y = view(y, x, x.dim(0), x.sampleSize());
        cachedX = ctx.training() ? x : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedX == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        gx = viewLike(gx, gy, cachedX);
        return gx;
    }
}
