package org.example.deadwood.layer;

import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.UnitWiring;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * y[n, c, ...] = scale[c] * x[n, c, ...] + shift[c]: a learnable per-channel affine map, as in
 * BatchNorm's second half or the "layer scale" of some residual networks, without statistics.
 *
 * <p>What makes it a Deadwood layer: its parameters say which axis indexes units (axis 0, the
 * channel), and {@link #wireUnits} tells structured pruning that the parameters belong to the units
 * of the layer before it, so cutting a channel there cuts this layer's scale and shift with it. Its
 * state needs no override: the default {@link Layer#state()} lists both parameters, which is what
 * checkpoints, model files and digests store.
 *
 * <p>The arithmetic runs on the host ({@code Tensor.data()}), which works on every backend; a device
 * backend hands the tensors back for it, so a layer used on a GPU would rather be built from
 * {@code ComputeBackend} ops.
 */
public final class ChannelAffine extends Layer {
    private final Parameter scale;
    private final Parameter shift;
    private Tensor y;
    private Tensor gx;
    private Tensor cachedX;

    public ChannelAffine(String name, int channels) {
        super(name);
        if (channels < 1) throw new IllegalArgumentException(name + ": channels must be positive, got " + channels);
        // unit axis 0 (one entry per channel); no input-unit axis; not weight-decayed, like BatchNorm's
        this.scale = new Parameter(name + ".scale", Tensor.zeros(channels), 0, -1, false);
        this.shift = new Parameter(name + ".shift", Tensor.zeros(channels), 0, -1, false);
    }

    public int channels() { return scale.value().dim(0); }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length == 0 || inputShape[0] != channels()) {
            throw new IllegalArgumentException(name() + ": expects " + channels() + " channels first, got "
                    + Arrays.toString(inputShape));
        }
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        outputShape(Arrays.copyOfRange(x.shape(), 1, x.rank()));
        y = reuseLike(y, x);
        int n = x.dim(0), c = channels(), sp = x.sampleSize() / c;
        float[] xd = x.data(), yd = y.data(), s = scale.value().data(), b = shift.value().data();
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * sp;
                for (int p = 0; p < sp; p++) yd[off + p] = s[ch] * xd[off + p] + b[ch];
            }
        }
        cachedX = ctx.training() ? x : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedX == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        gx = reuseLike(gx, cachedX);
        int n = gy.dim(0), c = channels(), sp = gy.sampleSize() / c;
        float[] g = gy.data(), xd = cachedX.data(), gxd = gx.data(), s = scale.value().data();
        float[] gs = scale.grad().data(), gb = shift.grad().data();
        // Sums in a fixed order (sample, then position), so every run gives the same bits.
        for (int ch = 0; ch < c; ch++) {
            double sumS = 0, sumB = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * c + ch) * sp;
                for (int p = 0; p < sp; p++) {
                    float v = g[off + p];
                    gxd[off + p] = v * s[ch];
                    sumS += (double) v * xd[off + p];
                    sumB += v;
                }
            }
            gs[ch] = (float) sumS;
            gb[ch] = (float) sumB;
        }
        return gx;
    }

    @Override
    public List<Parameter> parameters() { return List.of(scale, shift); }

    @Override
    public void initialize(SplittableRandom rng) {
        scale.value().fill(1f);
        shift.value().fill(0f);
    }

    @Override
    public long forwardFlops(int[] inputShape) {
        long size = 1;
        for (int d : inputShape) size *= d;
        return 2 * size;
    }

    /** Its parameters are indexed by the units of the group it sits in: they are cut with them. */
    @Override
    public int[] wireUnits(UnitWiring wiring, int[] inputShape) {
        wiring.alsoProduce(parameters());
        return outputShape(inputShape);
    }
}
