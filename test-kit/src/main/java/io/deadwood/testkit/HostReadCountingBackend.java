package io.deadwood.testkit;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.backend.Penalty;
import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingListener;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A host backend that keeps tensors the way a device backend does, to show on the host what a
 * device backend would copy back: after every op its tensor operands are marked as held by this
 * backend, so the host's next {@link Tensor#data()} on one of them is a hand-back, which is counted
 * per storage array while counting is on. Reads by the wrapped backend during its own ops are not
 * counted. A method whose per-step maths runs as backend ops causes no hand-back of a parameter.
 */
public final class HostReadCountingBackend implements ComputeBackend {
    private final ComputeBackend inner;
    private final Map<float[], Integer> handBacks = new IdentityHashMap<>();
    private final Tensor.DeviceCopy copy = this::handBack;
    private int depth;
    private boolean counting;

    public HostReadCountingBackend(ComputeBackend inner) {
        this.inner = inner;
    }

    private void handBack(float[] host) {
        if (depth == 0 && counting) handBacks.merge(host, 1, Integer::sum);
    }

    /** Starts or stops counting hand-backs. */
    public void counting(boolean on) {
        counting = on;
    }

    /**
     * A listener to put first in a trainer's list: it turns counting on at the first hook of every
     * step ({@code extraLoss}, after the forward pass and the loss).
     */
    public TrainingListener startOfStep() {
        return new TrainingListener() {
            @Override
            public double extraLoss(StepContext step) {
                counting = true;
                return 0;
            }
        };
    }

    /** A listener to put last: it turns counting off after the step's last hook ({@code afterOptimizerStep}). */
    public TrainingListener endOfStep() {
        return new TrainingListener() {
            @Override
            public void afterOptimizerStep(StepContext step) {
                counting = false;
            }
        };
    }

    /** Hand-backs of every parameter's values and gradients of {@code model} counted so far. */
    public int parameterHandBacks(Model model) {
        int reads = 0;
        for (Parameter p : model.parameters()) reads += handBacks(p.value().storage()) + handBacks(p.grad().storage());
        return reads;
    }

    /** Hand-backs of this storage array counted so far. */
    public int handBacks(float[] storage) {
        return handBacks.getOrDefault(storage, 0);
    }

    /** Hand-backs of all storage counted so far. */
    public int handBacks() {
        return handBacks.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void enter() {
        depth++;
    }

    private void leave(Tensor... operands) {
        if (--depth > 0) return;
        for (Tensor t : operands) {
            if (t != null) t.holdOnDevice(copy);
        }
    }

    @Override public String id() { return inner.id() + "+host-reads"; }
    @Override public int threads() { return inner.threads(); }

    @Override
    public void denseForward(Tensor x, Tensor w, Tensor bias, Tensor y) {
        enter();
        try { inner.denseForward(x, w, bias, y); } finally { leave(x, w, bias, y); }
    }

    @Override
    public void denseBackward(Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gbias) {
        enter();
        try { inner.denseBackward(x, w, gy, gx, gw, gbias); } finally { leave(x, w, gy, gx, gw, gbias); }
    }

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dSpec spec) {
        enter();
        try { inner.conv2dForward(x, w, bias, y, spec); } finally { leave(x, w, bias, y); }
    }

    @Override
    public void conv2dBackwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec spec) {
        enter();
        try { inner.conv2dBackwardData(gy, w, gx, spec); } finally { leave(gy, w, gx); }
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec spec) {
        enter();
        try { inner.conv2dBackwardFilter(x, gy, gw, gbias, spec); } finally { leave(x, gy, gw, gbias); }
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 float momentum, float eps, boolean training, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        enter();
        try {
            inner.batchNormForward(x, gamma, beta, runningMean, runningVar, momentum, eps, training, y, saveMean, saveInvStd);
        } finally {
            leave(x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvStd);
        }
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor gx, Tensor ggamma, Tensor gbeta) {
        enter();
        try {
            inner.batchNormBackward(x, gy, gamma, saveMean, saveInvStd, gx, ggamma, gbeta);
        } finally {
            leave(x, gy, gamma, saveMean, saveInvStd, gx, ggamma, gbeta);
        }
    }

    @Override
    public void reluForward(Tensor x, Tensor y) {
        enter();
        try { inner.reluForward(x, y); } finally { leave(x, y); }
    }

    @Override
    public void reluBackward(Tensor y, Tensor gy, Tensor gx) {
        enter();
        try { inner.reluBackward(y, gy, gx); } finally { leave(y, gy, gx); }
    }

    @Override
    public void maxPool2dForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec spec) {
        enter();
        try { inner.maxPool2dForward(x, y, argmax, spec); } finally { leave(x, y); }
    }

    @Override
    public void maxPool2dBackward(Tensor gy, int[] argmax, Tensor gx) {
        enter();
        try { inner.maxPool2dBackward(gy, argmax, gx); } finally { leave(gy, gx); }
    }

    @Override
    public void globalAvgPoolForward(Tensor x, Tensor y) {
        enter();
        try { inner.globalAvgPoolForward(x, y); } finally { leave(x, y); }
    }

    @Override
    public void globalAvgPoolBackward(Tensor gy, Tensor gx) {
        enter();
        try { inner.globalAvgPoolBackward(gy, gx); } finally { leave(gy, gx); }
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        enter();
        try { inner.add(a, b, out); } finally { leave(a, b, out); }
    }

    @Override
    public void accumulate(Tensor acc, Tensor x) {
        enter();
        try { inner.accumulate(acc, x); } finally { leave(acc, x); }
    }

    @Override
    public double softmaxCrossEntropy(Tensor logits, int[] labels, float labelSmoothing, Tensor grad) {
        enter();
        try { return inner.softmaxCrossEntropy(logits, labels, labelSmoothing, grad); } finally { leave(logits, grad); }
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, boolean nesterov,
                          float weightDecay) {
        enter();
        try {
            inner.sgdUpdate(param, grad, velocity, lr, momentum, nesterov, weightDecay);
        } finally {
            leave(param, grad, velocity);
        }
    }

    @Override
    public void adamwUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                            float eps, float weightDecay, long step) {
        enter();
        try {
            inner.adamwUpdate(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
        } finally {
            leave(param, grad, m, v);
        }
    }

    @Override
    public void selectChannels(Tensor x, int[] select, Tensor out) {
        enter();
        try { inner.selectChannels(x, select, out); } finally { leave(x, out); }
    }

    @Override
    public void selectChannelsBackward(Tensor gy, int[] select, Tensor gx) {
        enter();
        try { inner.selectChannelsBackward(gy, select, gx); } finally { leave(gy, gx); }
    }

    @Override
    public void maskChannels(Tensor x, boolean[] keep) {
        enter();
        try { inner.maskChannels(x, keep); } finally { leave(x); }
    }

    @Override public void beginLayer(String pass) { inner.beginLayer(pass); }
    @Override public void endLayer() { inner.endLayer(); }
    @Override public void beginStep() { inner.beginStep(); }
    @Override public void endStep() { inner.endStep(); }
    @Override public Map<String, Long> counters() { return inner.counters(); }

    @Override
    public long countZeros(Tensor x) {
        enter();
        try { return inner.countZeros(x); } finally { leave(x); }
    }

    @Override
    public void addPenaltyGradient(Penalty penalty, float lambda, Tensor w, Tensor g) {
        enter();
        try { inner.addPenaltyGradient(penalty, lambda, w, g); } finally { leave(w, g); }
    }

    @Override
    public double penaltySum(Penalty penalty, Tensor w, double start) {
        enter();
        try { return inner.penaltySum(penalty, w, start); } finally { leave(w); }
    }

    @Override
    public void unitAxpy(float[] scale, Tensor x, Tensor y, UnitAxis axis) {
        enter();
        try { inner.unitAxpy(scale, x, y, axis); } finally { leave(x, y); }
    }

    @Override
    public void applyMask(Tensor x, Tensor mask) {
        enter();
        try { inner.applyMask(x, mask); } finally { leave(x, mask); }
    }

    @Override
    public void unitReduce(Tensor x, UnitAxis axis, UnitReduction reduction, double[] acc) {
        enter();
        try { inner.unitReduce(x, axis, reduction, acc); } finally { leave(x); }
    }

    @Override
    public long addGaussianNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, RandomGenerator rng) {
        enter();
        try { return inner.addGaussianNoise(x, axis, live, sigma, rng); } finally { leave(x); }
    }

    @Override
    public long addCounterNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, long seed, long stream) {
        enter();
        try { return inner.addCounterNoise(x, axis, live, sigma, seed, stream); } finally { leave(x); }
    }

    @Override
    public void close() {
        inner.close();
    }
}
