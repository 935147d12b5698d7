package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;

/** Mean over the spatial axes: [N, C, H, W] to [N, C]. */
public final class GlobalAvgPool extends Layer {
    private Tensor y;
    private Tensor gx;
    private Tensor cachedX;

    public GlobalAvgPool(String name) {
        super(name);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(name() + ": expects [C, H, W], got " + Arrays.toString(inputShape));
        }
        return new int[] {inputShape[0]};
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        if (x.rank() != 4) throw new IllegalArgumentException(name() + ": expects [N, C, H, W], got " + x);
        y = reuse(y, x.dim(0), x.dim(1));
        ctx.backend().globalAvgPoolForward(x, y);
        cachedX = ctx.training() ? x : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedX == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        gx = reuseLike(gx, cachedX);
        ctx.backend().globalAvgPoolBackward(gy, gx);
        return gx;
    }
}
