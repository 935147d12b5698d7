package io.deadwood.api.nn;

import io.deadwood.api.tensor.Slicing;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batch normalisation over axis 1 of [N, C] or [N, C, H, W] activations. Training normalises with
 * the batch statistics and updates the running ones; evaluation uses the running statistics. The
 * scale {@link #gamma()} is what slimming and DemP regularise.
 */
public final class BatchNorm extends Layer {
    public static final float DEFAULT_MOMENTUM = 0.1f;
    public static final float DEFAULT_EPS = 1e-5f;

    private final Parameter gamma;
    private final Parameter beta;
    private final float momentum;
    private final float eps;
    private Tensor runningMean;
    private Tensor runningVar;

    private Tensor y;
    private Tensor gx;
    private Tensor saveMean;
    private Tensor saveInvStd;
    private Tensor cachedX;

    public BatchNorm(String name, int channels) {
        this(name, channels, DEFAULT_MOMENTUM, DEFAULT_EPS);
    }

    public BatchNorm(String name, int channels, float momentum, float eps) {
        super(name);
        if (channels < 1) throw new IllegalArgumentException(name + ": channels must be positive, got " + channels);
        if (!(momentum >= 0f && momentum <= 1f)) throw new IllegalArgumentException(name + ": momentum must be in [0, 1], got " + momentum);
        if (!(eps > 0f)) throw new IllegalArgumentException(name + ": eps must be positive, got " + eps);
        this.gamma = new Parameter(name + ".gamma", Tensor.zeros(channels), 0, -1, false);
        this.beta = new Parameter(name + ".beta", Tensor.zeros(channels), 0, -1, false);
        this.momentum = momentum;
        this.eps = eps;
        this.runningMean = Tensor.zeros(channels);
        this.runningVar = Tensor.zeros(channels);
        resetStatistics();
    }

    public Parameter gamma() { return gamma; }
    public Parameter beta() { return beta; }
    public Tensor runningMean() { return runningMean; }
    public Tensor runningVar() { return runningVar; }
    public float momentum() { return momentum; }
    public float eps() { return eps; }
    public int channels() { return gamma.value().dim(0); }

    /** Swaps in resized running statistics (surgery); both must have one entry per channel of gamma. */
    public void replaceRunningStatistics(Tensor mean, Tensor var) {
        if (!mean.hasShape(channels()) || !var.hasShape(channels())) {
            throw new IllegalArgumentException(name() + ": running statistics must have shape [" + channels() + "], got "
                    + mean + " and " + var);
        }
        this.runningMean = mean;
        this.runningVar = var;
    }

    private void resetStatistics() {
        runningMean.fill(0f);
        runningVar.fill(1f);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if ((inputShape.length != 1 && inputShape.length != 3) || inputShape[0] != channels()) {
            throw new IllegalArgumentException(name() + ": expects [" + channels() + "] or [" + channels()
                    + ", H, W], got " + Arrays.toString(inputShape));
        }
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        if ((x.rank() != 2 && x.rank() != 4) || x.dim(1) != channels()) {
            throw new IllegalArgumentException(name() + ": expects [N, " + channels() + "] or [N, " + channels()
                    + ", H, W], got " + x);
        }
        int c = channels();
        y = reuseLike(y, x);
        saveMean = reuse(saveMean, c);
        saveInvStd = reuse(saveInvStd, c);
        ctx.backend().batchNormForward(x, gamma.value(), beta.value(), runningMean, runningVar, momentum, eps,
                ctx.training(), y, saveMean, saveInvStd);
        cachedX = ctx.training() ? x : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedX == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        gx = reuseLike(gx, cachedX);
        ctx.backend().batchNormBackward(cachedX, gy, gamma.value(), saveMean, saveInvStd, gx, gamma.grad(), beta.grad());
        return gx;
    }

    @Override
    public List<Parameter> parameters() { return List.of(gamma, beta); }

    @Override
    public List<Tensor> buffers() { return List.of(runningMean, runningVar); }

    @Override
    public List<StateSlot> state() {
        // The statistics narrow with gamma under surgery, so a stored pair replaces them whole.
        return List.of(StateSlot.of(gamma), StateSlot.of(beta),
                new StateSlot(name() + ".runningMean", StateSlot.Kind.BUFFER, this::runningMean,
                        t -> replaceRunningStatistics(t, runningVar.sameShape(t) ? runningVar : Tensor.zeros(t.shape()))),
                new StateSlot(name() + ".runningVar", StateSlot.Kind.BUFFER, this::runningVar,
                        t -> replaceRunningStatistics(runningMean, t)));
    }

    @Override
    public int[] wireUnits(UnitWiring wiring, int[] inputShape) {
        wiring.normalize(this, (keep, newIndex) -> {
            Tensor mean = Slicing.keep(runningMean, 0, keep, 1);
            Tensor var = Slicing.keep(runningVar, 0, keep, 1);
            return () -> replaceRunningStatistics(mean, var);
        });
        return outputShape(inputShape);
    }

    @Override
    public void initialize(SplittableRandom rng) {
        gamma.value().fill(1f);
        beta.value().fill(0f);
        resetStatistics();
    }
}
