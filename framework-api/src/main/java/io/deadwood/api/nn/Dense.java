package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Fully connected layer, y = x W^T + b, with W stored [out, in]. Its widths are read from the weight
 * on every call, so structured surgery only has to swap in narrower parameters. Any input whose
 * sample size is {@code in} is accepted and treated as flat, though an explicit {@link Flatten}
 * keeps model graphs easier to read.
 */
public final class Dense extends Layer {
    private final Parameter weight;
    private final Parameter bias;
    private final boolean prunable;

    private Tensor y;
    private Tensor gx;
    private Tensor xFlat;
    private Tensor gxFlat;
    private Tensor cachedX;
    private Tensor cachedXFlat;

    public Dense(String name, int in, int out, boolean bias, boolean prunable) {
        super(name);
        if (in < 1 || out < 1) throw new IllegalArgumentException(name + ": dense sizes must be positive, got " + in + " -> " + out);
        this.weight = new Parameter(name + ".weight", Tensor.zeros(out, in), 0, 1, true);
        this.bias = bias ? new Parameter(name + ".bias", Tensor.zeros(out), 0, -1, false) : null;
        this.prunable = prunable;
    }

    public Parameter weight() { return weight; }
    public Optional<Parameter> bias() { return Optional.ofNullable(bias); }
    public int inFeatures() { return weight.value().dim(1); }
    public int outFeatures() { return weight.value().dim(0); }

    /** False for the classifier: its outputs are the classes. */
    public boolean prunable() { return prunable; }

    @Override
    public boolean fixedOutputs() { return !prunable; }

    @Override
    public int[] wireUnits(UnitWiring wiring, int[] inputShape) {
        wiring.consume(weight, wiring.flatBlock(inputShape));
        if (prunable) wiring.produce(name(), outFeatures(), parameters());
        else wiring.endGroups();
        return outputShape(inputShape);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (product(inputShape) != inFeatures()) {
            throw new IllegalArgumentException(name() + ": expects " + inFeatures() + " input features, got shape "
                    + Arrays.toString(inputShape));
        }
        return new int[] {outFeatures()};
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        int n = x.dim(0), in = inFeatures();
        if (x.sampleSize() != in) {
            throw new IllegalArgumentException(name() + ": expects " + in + " input features, got " + x);
        }
        Tensor flat = x.rank() == 2 ? x : (xFlat = view(xFlat, x, n, in));
        y = reuse(y, n, outFeatures());
        ctx.backend().denseForward(flat, weight.value(), bias == null ? null : bias.value(), y);
        cachedX = ctx.training() ? x : null;
        cachedXFlat = ctx.training() ? flat : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedXFlat == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        int n = cachedXFlat.dim(0), in = inFeatures();
        gx = reuseLike(gx, cachedX);
        Tensor gxf = gx.rank() == 2 ? gx : (gxFlat = view(gxFlat, gx, n, in));
        ctx.backend().denseBackward(cachedXFlat, weight.value(), gy, gxf, weight.grad(),
                bias == null ? null : bias.grad());
        return gx;
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public void initialize(SplittableRandom rng) {
        Init.kaimingNormal(weight.value(), inFeatures(), rng);
        if (bias != null) bias.value().fill(0f);
    }

    @Override
    public long forwardFlops(int[] inputShape) {
        return 2L * inFeatures() * outFeatures();
    }

    @Override
    public int prunableUnits() { return prunable ? outFeatures() : 0; }
}
