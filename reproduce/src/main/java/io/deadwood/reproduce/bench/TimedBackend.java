package io.deadwood.reproduce.bench;

import io.deadwood.api.backend.BatchScore;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.backend.Penalty;
import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.backend.SmoothActivation;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A backend that times every op of the one it wraps, by op name: wall time of the call, which on a
 * host backend is the op's own time, hand-off to the workers included. Ops are counted where they
 * are called, so an op a default method builds from other ops is timed once, as itself.
 */
final class TimedBackend implements ComputeBackend {
    /** Op names in a fixed order, so the accumulators are plain arrays (this runs on every op). */
    enum Op {
        DENSE_FORWARD, DENSE_BACKWARD, CONV_FORWARD, CONV_BACKWARD_DATA, CONV_BACKWARD_FILTER, BATCH_NORM_FORWARD,
        BATCH_NORM_BACKWARD, RELU_FORWARD, RELU_BACKWARD, SMOOTH_FORWARD, SMOOTH_BACKWARD, MAX_POOL_FORWARD,
        MAX_POOL_BACKWARD, AVG_POOL_FORWARD, AVG_POOL_BACKWARD, ADD, ACCUMULATE, LOSS, SGD, ADAMW, SELECT_CHANNELS,
        SELECT_CHANNELS_BACKWARD, MASK_CHANNELS, COUNT_ZEROS, METHOD_OPS;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    private final ComputeBackend inner;
    private final long[] nanos = new long[Op.values().length];
    private final long[] calls = new long[Op.values().length];
    private int depth;

    TimedBackend(ComputeBackend inner) {
        this.inner = inner;
    }

    /** Nanoseconds and calls per op since the last reset, ops never called left out. */
    Map<Op, long[]> snapshot() {
        Map<Op, long[]> out = new LinkedHashMap<>();
        for (Op op : Op.values()) {
            if (calls[op.ordinal()] > 0) out.put(op, new long[] {nanos[op.ordinal()], calls[op.ordinal()]});
        }
        return out;
    }

    void reset() {
        java.util.Arrays.fill(nanos, 0);
        java.util.Arrays.fill(calls, 0);
    }

    private long start() {
        depth++;
        return System.nanoTime();
    }

    private void stop(Op op, long t0) {
        long t = System.nanoTime() - t0;
        if (--depth == 0) {
            nanos[op.ordinal()] += t;
            calls[op.ordinal()]++;
        }
    }

    @Override public String id() { return inner.id(); }
    @Override public int threads() { return inner.threads(); }
    @Override public void beginLayer(String pass) { inner.beginLayer(pass); }
    @Override public void endLayer() { inner.endLayer(); }
    @Override public void beginStep() { inner.beginStep(); }
    @Override public void endStep() { inner.endStep(); }
    @Override public Map<String, Long> counters() { return inner.counters(); }
    @Override public void close() { inner.close(); }

    @Override
    public void denseForward(Tensor x, Tensor w, Tensor bias, Tensor y) {
        long t = start();
        try { inner.denseForward(x, w, bias, y); } finally { stop(Op.DENSE_FORWARD, t); }
    }

    @Override
    public void denseBackward(Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gbias) {
        long t = start();
        try { inner.denseBackward(x, w, gy, gx, gw, gbias); } finally { stop(Op.DENSE_BACKWARD, t); }
    }

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dSpec spec) {
        long t = start();
        try { inner.conv2dForward(x, w, bias, y, spec); } finally { stop(Op.CONV_FORWARD, t); }
    }

    @Override
    public void conv2dBackwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec spec) {
        long t = start();
        try { inner.conv2dBackwardData(gy, w, gx, spec); } finally { stop(Op.CONV_BACKWARD_DATA, t); }
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec spec) {
        long t = start();
        try { inner.conv2dBackwardFilter(x, gy, gw, gbias, spec); } finally { stop(Op.CONV_BACKWARD_FILTER, t); }
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 float momentum, float eps, boolean training, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        long t = start();
        try {
            inner.batchNormForward(x, gamma, beta, runningMean, runningVar, momentum, eps, training, y, saveMean, saveInvStd);
        } finally {
            stop(Op.BATCH_NORM_FORWARD, t);
        }
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor gx, Tensor ggamma, Tensor gbeta) {
        long t = start();
        try { inner.batchNormBackward(x, gy, gamma, saveMean, saveInvStd, gx, ggamma, gbeta); } finally { stop(Op.BATCH_NORM_BACKWARD, t); }
    }

    @Override
    public void reluForward(Tensor x, Tensor y) {
        long t = start();
        try { inner.reluForward(x, y); } finally { stop(Op.RELU_FORWARD, t); }
    }

    @Override
    public void reluBackward(Tensor y, Tensor gy, Tensor gx) {
        long t = start();
        try { inner.reluBackward(y, gy, gx); } finally { stop(Op.RELU_BACKWARD, t); }
    }

    @Override
    public void smoothForward(SmoothActivation kind, Tensor x, Tensor y) {
        long t = start();
        try { inner.smoothForward(kind, x, y); } finally { stop(Op.SMOOTH_FORWARD, t); }
    }

    @Override
    public void smoothBackward(SmoothActivation kind, Tensor y, Tensor gy, Tensor gx) {
        long t = start();
        try { inner.smoothBackward(kind, y, gy, gx); } finally { stop(Op.SMOOTH_BACKWARD, t); }
    }

    @Override
    public void maxPool2dForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec spec) {
        long t = start();
        try { inner.maxPool2dForward(x, y, argmax, spec); } finally { stop(Op.MAX_POOL_FORWARD, t); }
    }

    @Override
    public void maxPool2dBackward(Tensor gy, int[] argmax, Tensor gx) {
        long t = start();
        try { inner.maxPool2dBackward(gy, argmax, gx); } finally { stop(Op.MAX_POOL_BACKWARD, t); }
    }

    @Override
    public void globalAvgPoolForward(Tensor x, Tensor y) {
        long t = start();
        try { inner.globalAvgPoolForward(x, y); } finally { stop(Op.AVG_POOL_FORWARD, t); }
    }

    @Override
    public void globalAvgPoolBackward(Tensor gy, Tensor gx) {
        long t = start();
        try { inner.globalAvgPoolBackward(gy, gx); } finally { stop(Op.AVG_POOL_BACKWARD, t); }
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        long t = start();
        try { inner.add(a, b, out); } finally { stop(Op.ADD, t); }
    }

    @Override
    public void accumulate(Tensor acc, Tensor x) {
        long t = start();
        try { inner.accumulate(acc, x); } finally { stop(Op.ACCUMULATE, t); }
    }

    @Override
    public double softmaxCrossEntropy(Tensor logits, int[] labels, float labelSmoothing, Tensor grad) {
        long t = start();
        try { return inner.softmaxCrossEntropy(logits, labels, labelSmoothing, grad); } finally { stop(Op.LOSS, t); }
    }

    @Override
    public BatchScore scoreBatch(Tensor logits, int[] labels, float labelSmoothing, Tensor grad) {
        long t = start();
        try { return inner.scoreBatch(logits, labels, labelSmoothing, grad); } finally { stop(Op.LOSS, t); }
    }

    @Override
    public double meanSquaredError(Tensor y, float[] targets, Tensor grad) {
        long t = start();
        try { return inner.meanSquaredError(y, targets, grad); } finally { stop(Op.LOSS, t); }
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, boolean nesterov,
                          float weightDecay) {
        long t = start();
        try { inner.sgdUpdate(param, grad, velocity, lr, momentum, nesterov, weightDecay); } finally { stop(Op.SGD, t); }
    }

    @Override
    public void adamwUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                            float eps, float weightDecay, long step) {
        long t = start();
        try { inner.adamwUpdate(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step); } finally { stop(Op.ADAMW, t); }
    }

    @Override
    public void selectChannels(Tensor x, int[] select, Tensor out) {
        long t = start();
        try { inner.selectChannels(x, select, out); } finally { stop(Op.SELECT_CHANNELS, t); }
    }

    @Override
    public void selectChannelsBackward(Tensor gy, int[] select, Tensor gx) {
        long t = start();
        try { inner.selectChannelsBackward(gy, select, gx); } finally { stop(Op.SELECT_CHANNELS_BACKWARD, t); }
    }

    @Override
    public void maskChannels(Tensor x, boolean[] keep) {
        long t = start();
        try { inner.maskChannels(x, keep); } finally { stop(Op.MASK_CHANNELS, t); }
    }

    @Override
    public long countZeros(Tensor x) {
        long t = start();
        try { return inner.countZeros(x); } finally { stop(Op.COUNT_ZEROS, t); }
    }

    @Override
    public void addPenaltyGradient(Penalty penalty, float lambda, Tensor w, Tensor g) {
        long t = start();
        try { inner.addPenaltyGradient(penalty, lambda, w, g); } finally { stop(Op.METHOD_OPS, t); }
    }

    @Override
    public double penaltySum(Penalty penalty, Tensor w, double start) {
        long t = start();
        try { return inner.penaltySum(penalty, w, start); } finally { stop(Op.METHOD_OPS, t); }
    }

    @Override
    public void unitAxpy(float[] scale, Tensor x, Tensor y, UnitAxis axis) {
        long t = start();
        try { inner.unitAxpy(scale, x, y, axis); } finally { stop(Op.METHOD_OPS, t); }
    }

    @Override
    public void applyMask(Tensor x, Tensor mask) {
        long t = start();
        try { inner.applyMask(x, mask); } finally { stop(Op.METHOD_OPS, t); }
    }

    @Override
    public void unitReduce(Tensor x, UnitAxis axis, UnitReduction reduction, double[] acc) {
        long t = start();
        try { inner.unitReduce(x, axis, reduction, acc); } finally { stop(Op.METHOD_OPS, t); }
    }

    @Override
    public long addGaussianNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, RandomGenerator rng) {
        long t = start();
        try { return inner.addGaussianNoise(x, axis, live, sigma, rng); } finally { stop(Op.METHOD_OPS, t); }
    }

    @Override
    public long addCounterNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, long seed, long stream) {
        long t = start();
        try { return inner.addCounterNoise(x, axis, live, sigma, seed, stream); } finally { stop(Op.METHOD_OPS, t); }
    }
}
