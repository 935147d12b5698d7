package io.deadwood.api.nn;

import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;

/** Max pooling over NCHW input with a square window and no padding (partial windows are dropped). */
public final class MaxPool2d extends Layer {
    private final int window;
    private final int stride;

    /** The last input's geometry, kept so a step of unchanged shape builds no new one. */
    private Pool2dSpec spec;
    private Tensor y;
    private Tensor gx;
    private int[] argmax = new int[0];
    private Tensor cachedX;

    public MaxPool2d(String name, int window, int stride) {
        super(name);
        if (window < 1 || stride < 1) {
            throw new IllegalArgumentException(name + ": window and stride must be positive, got " + window + ", " + stride);
        }
        this.window = window;
        this.stride = stride;
    }

    public int window() { return window; }
    public int stride() { return stride; }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3 || inputShape[1] < window || inputShape[2] < window) {
            throw new IllegalArgumentException(name() + ": expects [C, H, W] with H, W >= " + window + ", got "
                    + Arrays.toString(inputShape));
        }
        return new int[] {inputShape[0], (inputShape[1] - window) / stride + 1, (inputShape[2] - window) / stride + 1};
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        if (x.rank() != 4) throw new IllegalArgumentException(name() + ": expects [N, C, H, W], got " + x);
        Pool2dSpec s = spec;
        if (s == null || s.batch() != x.dim(0) || s.channels() != x.dim(1) || s.inHeight() != x.dim(2)
                || s.inWidth() != x.dim(3)) {
            s = new Pool2dSpec(x.dim(0), x.dim(1), x.dim(2), x.dim(3), window, stride);
            spec = s;
        }
        y = reuse(y, s.batch(), s.channels(), s.outHeight(), s.outWidth());
        if (argmax.length != y.size()) argmax = new int[y.size()];
        ctx.backend().maxPool2dForward(x, y, argmax, s);
        cachedX = ctx.training() ? x : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedX == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        gx = reuseLike(gx, cachedX);
        ctx.backend().maxPool2dBackward(gy, argmax, gx);
        return gx;
    }
}
