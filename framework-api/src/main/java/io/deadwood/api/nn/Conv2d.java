package io.deadwood.api.nn;

import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * 2-d convolution over NCHW input with a square kernel, weight stored [O, C, K, K]. Channel counts
 * are read from the weight on every call, so structured surgery only has to swap in narrower
 * parameters.
 */
public final class Conv2d extends Layer {
    private final Parameter weight;
    private final Parameter bias;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean prunable;

    private Conv2dSpec spec;
    private Tensor y;
    private Tensor gx;
    private Tensor cachedX;

    public Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this(name, inChannels, outChannels, kernel, stride, padding, bias, true);
    }

    /**
     * @param prunable whether this layer's output channels are counted as its own units; false for a
     *     projection shortcut, whose channels are the residual block's output units, counted once at
     *     the block's last conv
     */
    public Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias,
                  boolean prunable) {
        super(name);
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(name + ": invalid conv geometry in=" + inChannels + " out=" + outChannels
                    + " kernel=" + kernel + " stride=" + stride + " padding=" + padding);
        }
        this.weight = new Parameter(name + ".weight", Tensor.zeros(outChannels, inChannels, kernel, kernel), 0, 1, true);
        this.bias = bias ? new Parameter(name + ".bias", Tensor.zeros(outChannels), 0, -1, false) : null;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.prunable = prunable;
    }

    public Parameter weight() { return weight; }
    public Optional<Parameter> bias() { return Optional.ofNullable(bias); }
    public int inChannels() { return weight.value().dim(1); }
    public int outChannels() { return weight.value().dim(0); }
    public int kernel() { return kernel; }
    public int stride() { return stride; }
    public int padding() { return padding; }
    public boolean prunable() { return prunable; }

    @Override
    public int[] wireUnits(UnitWiring wiring, int[] inputShape) {
        wiring.consume(weight, 1);
        if (prunable) wiring.produce(name(), outChannels(), parameters());
        else wiring.endGroups();
        return outputShape(inputShape);
    }

    private Conv2dSpec spec(int batch, int h, int w) {
        Conv2dSpec s = spec;
        if (s == null || s.batch() != batch || s.inHeight() != h || s.inWidth() != w
                || s.inChannels() != inChannels() || s.outChannels() != outChannels()) {
            s = new Conv2dSpec(batch, inChannels(), h, w, outChannels(), kernel, stride, padding);
            spec = s;
        }
        return s;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3 || inputShape[0] != inChannels()) {
            throw new IllegalArgumentException(name() + ": expects [" + inChannels() + ", H, W], got "
                    + Arrays.toString(inputShape));
        }
        Conv2dSpec s = new Conv2dSpec(1, inChannels(), inputShape[1], inputShape[2], outChannels(), kernel, stride, padding);
        return new int[] {outChannels(), s.outHeight(), s.outWidth()};
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        if (x.rank() != 4 || x.dim(1) != inChannels()) {
            throw new IllegalArgumentException(name() + ": expects [N, " + inChannels() + ", H, W], got " + x);
        }
        Conv2dSpec s = spec(x.dim(0), x.dim(2), x.dim(3));
        y = reuse(y, s.batch(), s.outChannels(), s.outHeight(), s.outWidth());
        ctx.backend().conv2dForward(x, weight.value(), bias == null ? null : bias.value(), y, s);
        cachedX = ctx.training() ? x : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedX == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        Conv2dSpec s = spec(cachedX.dim(0), cachedX.dim(2), cachedX.dim(3));
        ctx.backend().conv2dBackwardFilter(cachedX, gy, weight.grad(), bias == null ? null : bias.grad(), s);
        gx = reuse(gx, s.batch(), s.inChannels(), s.inHeight(), s.inWidth());
        ctx.backend().conv2dBackwardData(gy, weight.value(), gx, s);
        return gx;
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public void initialize(SplittableRandom rng) {
        Init.kaimingNormal(weight.value(), inChannels() * kernel * kernel, rng);
        if (bias != null) bias.value().fill(0f);
    }

    @Override
    public long forwardFlops(int[] inputShape) {
        int[] out = outputShape(inputShape);
        return 2L * out[0] * out[1] * out[2] * inChannels() * kernel * kernel;
    }

    @Override
    public int prunableUnits() { return prunable ? outChannels() : 0; }
}
