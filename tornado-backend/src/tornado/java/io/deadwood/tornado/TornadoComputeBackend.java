package io.deadwood.tornado;

import io.deadwood.api.backend.BatchScore;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.backend.CounterNoise;
import io.deadwood.api.backend.MethodOps;
import io.deadwood.api.backend.Penalty;
import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.tornado.kernels.ElementKernels;
import io.deadwood.tornado.kernels.MethodKernels;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The backend SPI on TornadoVM. Tensors live in the {@link DeviceArena} between ops: an op uploads
 * an operand only when the host may have written it since the device last had it, and leaves its
 * results on the device until the host reads them. Convolution, pooling and batch norm live in
 * {@link SpatialOps}.
 */
final class TornadoComputeBackend implements ComputeBackend {
    private final DeviceArena arena;
    private final SpatialOps spatial;
    // keys of the device-only regions that the raw-array GEMM stages its operands in
    private final Object gemmA = new Object(), gemmB = new Object(), gemmC = new Object();
    private final Object zeroCounts = new Object(), channelMask = new Object();
    private final Object unitScale = new Object(), liveFlags = new Object(), noiseValues = new Object();
    private final int[] counts = new int[ElementKernels.COUNT_THREADS];

    TornadoComputeBackend(TornadoDevice device, KernelStats stats) {
        this.arena = new DeviceArena(device, stats);
        this.spatial = new SpatialOps(arena);
    }

    @Override public String id() { return "tornado"; }
    @Override public int threads() { return 1; }

    DeviceArena arena() { return arena; }

    /**
     * Runs an op, again after making room if an operand found the arena full. Ops claim their regions
     * before they launch anything, so a retried op starts from scratch.
     */
    void onDevice(Runnable op) {
        synchronized (arena) {
            for (int attempt = 0; ; attempt++) {
                try {
                    op.run();
                    return;
                } catch (DeviceArena.Full full) {
                    arena.makeRoom(full, attempt);
                }
            }
        }
    }

    private double valueOnDevice(DoubleSupplier op) {
        double[] result = new double[1];
        onDevice(() -> {
            result[0] = op.getAsDouble();
        });
        return result[0];
    }

    @Override
    public void beginLayer(String pass) {
        arena.beginLayer(pass);
    }

    @Override
    public void endLayer() {
        arena.endLayer();
    }

    @Override
    public void beginStep() {
        arena.beginStep();
    }

    @Override
    public void endStep() {
        arena.endStep();
    }

    @Override
    public Map<String, Long> counters() {
        long[] c = arena.copies();
        return Map.of("launches", c[DeviceArena.LAUNCHES], "bytesUp", 4 * c[DeviceArena.UP], "bytesDown", 4 * c[DeviceArena.DOWN]);
    }

    // ---------------------------------------------------------------- GEMM and dense

    /**
     * C = alpha * op(A) * op(B) + beta * C on raw host arrays, staged through the arena: not an SPI op
     * (layers use the tensor ops); kept for measuring the GEMM kernel alone.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                     float beta, float[] c, int cOffset, int ldc) {
        if (m <= 0 || n <= 0) return;
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        onDevice(() -> {
            int ao = arena.scratch(gemmA, aRows * aCols), bo = arena.scratch(gemmB, bRows * bCols);
            int co = arena.scratch(gemmC, m * n);
            stage(a, aOffset, lda, aRows, aCols, ao);
            stage(b, bOffset, ldb, bRows, bCols, bo);
            if (beta != 0f) stage(c, cOffset, ldc, m, n, co);
            launchGemm(transA, transB, m, n, k, alpha, beta, ao, bo, -1, co);
            if (ldc == n) {
                arena.download(co, c, cOffset, m * n);
            } else {
                for (int r = 0; r < m; r++) arena.download(co + r * n, c, cOffset + r * ldc, n);
            }
        });
    }

    /** Uploads a rows x cols block with leading dimension ld densely to the arena at offset. */
    private void stage(float[] src, int offset, int ld, int rows, int cols, int to) {
        if (rows <= 0 || cols <= 0) return;
        if (ld == cols) {
            arena.upload(src, offset, rows * cols, to);
        } else {
            for (int r = 0; r < rows; r++) arena.upload(src, offset + r * ld, cols, to + r * cols);
        }
    }

    private void launchGemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                            int a, int b, int bias, int c) {
        Launch l = arena.graphs().gemm;
        l.ints(m, n, k, transA ? 1 : 0, transB ? 1 : 0, beta != 0f ? 1 : 0, bias >= 0 ? 1 : 0);
        l.offsets(a, b, Math.max(bias, 0), c);
        l.floats(alpha, beta);
        l.size2d("gemm", m, n);
        arena.run(l);
    }

    @Override
    public void denseForward(Tensor x, Tensor w, Tensor bias, Tensor y) {
        int n = x.dim(0), in = w.dim(1), out = w.dim(0);
        if (n == 0 || out == 0) return;
        onDevice(() -> {
            int xo = arena.in(x), wo = arena.in(w), bo = bias == null ? -1 : arena.in(bias), yo = arena.out(y);
            launchGemm(false, true, n, out, in, 1f, 0f, xo, wo, bo, yo);
        });
    }

    @Override
    public void denseBackward(Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gbias) {
        int n = x.dim(0), in = w.dim(1), out = w.dim(0);
        onDevice(() -> {
            int xo = arena.in(x), wo = arena.in(w), gyo = arena.in(gy), gwo = arena.out(gw);
            int gxo = gx == null ? -1 : arena.out(gx), gbo = gbias == null ? -1 : arena.out(gbias);
            if (gx != null && n > 0 && in > 0) launchGemm(false, false, n, in, out, 1f, 0f, gyo, wo, -1, gxo);
            if (out > 0 && in > 0) launchGemm(true, false, out, in, n, 1f, 0f, gyo, xo, -1, gwo);
            if (gbias != null && out > 0) {
                Launch l = arena.graphs().columnSums;
                l.ints(n, out);
                l.offsets(gyo, gbo);
                l.size1d("sums", out);
                arena.run(l);
            }
        });
    }

    // ---------------------------------------------------------------- elementwise

    /** Inputs are claimed before the output, so an output that is also an input is uploaded first. */
    private void elementwise(int op, Tensor a, Tensor b, Tensor out) {
        int n = out.size();
        if (n == 0) return;
        onDevice(() -> {
            int ao = arena.in(a), bo = b == null ? 0 : arena.in(b), oo = arena.out(out);
            Launch l = arena.graphs().elementwise;
            l.ints(op, n);
            l.offsets(ao, bo, oo);
            l.size1d("apply", n);
            arena.run(l);
        });
    }

    @Override public void reluForward(Tensor x, Tensor y) { elementwise(ElementKernels.RELU, x, null, y); }
    @Override public void reluBackward(Tensor y, Tensor gy, Tensor gx) { elementwise(ElementKernels.RELU_BACKWARD, y, gy, gx); }
    @Override public void add(Tensor a, Tensor b, Tensor out) { elementwise(ElementKernels.ADD, a, b, out); }
    @Override public void accumulate(Tensor acc, Tensor x) { elementwise(ElementKernels.ADD, acc, x, acc); }

    @Override
    public void maskChannels(Tensor x, boolean[] keep) {
        int n = x.size(), c = x.dim(1);
        if (n == 0) return;
        int[] flags = new int[c];
        for (int i = 0; i < c; i++) flags[i] = keep[i] ? 1 : 0;
        onDevice(() -> {
            int xo = arena.inOut(x), ko = arena.intScratch(channelMask, c);
            arena.uploadInts(flags, c, ko);
            Launch l = arena.graphs().maskChannels;
            l.ints(n, c, x.sampleSize() / Math.max(1, c));
            l.offsets(xo, ko);
            l.size1d("mask", n);
            arena.run(l);
        });
    }

    @Override
    public long countZeros(Tensor x) {
        int n = x.size();
        if (n == 0) return 0;
        int threads = ElementKernels.COUNT_THREADS, chunk = (n + threads - 1) / threads;
        return (long) valueOnDevice(() -> {
            int xo = arena.in(x), co = arena.intScratch(zeroCounts, threads);
            Launch l = arena.graphs().countZeros;
            l.ints(n, chunk);
            l.offsets(xo, co);
            l.size1d("count", threads);
            arena.run(l);
            arena.downloadInts(co, counts, threads);
            long zeros = 0;
            for (int v : counts) zeros += v;
            return zeros;
        });
    }

    // ---------------------------------------------------------------- spatial ops

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dSpec spec) {
        onDevice(() -> spatial.convForward(x, w, bias, y, spec));
    }

    @Override
    public void conv2dBackwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec spec) {
        onDevice(() -> spatial.convBackwardData(gy, w, gx, spec));
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec spec) {
        onDevice(() -> spatial.convBackwardFilter(x, gy, gw, gbias, spec));
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 float momentum, float eps, boolean training, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        onDevice(() -> spatial.batchNormForward(x, gamma, beta, runningMean, runningVar, momentum, eps, training, y,
                saveMean, saveInvStd));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor gx, Tensor ggamma, Tensor gbeta) {
        onDevice(() -> spatial.batchNormBackward(x, gy, gamma, saveMean, saveInvStd, gx, ggamma, gbeta));
    }

    @Override
    public void maxPool2dForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec spec) {
        onDevice(() -> spatial.maxPoolForward(x, y, argmax, spec));
    }

    @Override
    public void maxPool2dBackward(Tensor gy, int[] argmax, Tensor gx) {
        onDevice(() -> spatial.maxPoolBackward(gy, argmax, gx));
    }

    @Override
    public void globalAvgPoolForward(Tensor x, Tensor y) {
        onDevice(() -> spatial.averagePoolForward(x, y));
    }

    @Override
    public void globalAvgPoolBackward(Tensor gy, Tensor gx) {
        onDevice(() -> spatial.averagePoolBackward(gy, gx));
    }

    // ---------------------------------------------------------------- loss and optimisers

    @Override
    public double softmaxCrossEntropy(Tensor logits, int[] labels, float labelSmoothing, Tensor grad) {
        int n = logits.dim(0), k = logits.dim(1);
        // outside a step bracket, a loss with a gradient starts a training step for the transfer log
        if (grad != null && !arena.inStep()) arena.stepStarts();
        return valueOnDevice(() -> {
            int lo = arena.in(logits), go = grad == null ? 0 : arena.out(grad), yo = arena.intsIn(labels, n);
            Launch l = arena.graphs().softmax;
            double total = 0;
            for (int from = 0; from < n; from += KernelGraphs.LOSS_ROWS) {
                int rows = Math.min(KernelGraphs.LOSS_ROWS, n - from);
                lossCall(l, rows, k, grad != null, n, lo + from * k, go + from * k, yo + from, labelSmoothing);
                arena.run(l);
                for (int i = 0; i < rows; i++) total += arena.graphs().rowLoss.get(i);
                arena.resultsCameBack(3L * KernelGraphs.LOSS_ROWS);
            }
            return total / n;
        });
    }

    /** The loss and hits come back with the launch that computes them: inside a step, the step's own. */
    @Override
    public BatchScore scoreBatch(Tensor logits, int[] labels, float labelSmoothing, Tensor grad) {
        int n = logits.dim(0), k = logits.dim(1);
        if (n == 0 || n > KernelGraphs.LOSS_ROWS) return ComputeBackend.super.scoreBatch(logits, labels, labelSmoothing, grad);
        if (grad != null && !arena.inStep()) arena.stepStarts();
        DeviceScore score = new DeviceScore(arena, n);
        onDevice(() -> {
            int lo = arena.in(logits), go = grad == null ? 0 : arena.out(grad), yo = arena.intsIn(labels, n);
            Launch l = arena.graphs().score;
            lossCall(l, n, k, grad != null, n, lo, go, yo, labelSmoothing);
            arena.run(l, score::collect);
        });
        return score;
    }

    /** Sets a loss launch for rows of logits at lo (gradient at go, labels at yo), of a batch of n. */
    private static void lossCall(Launch l, int rows, int k, boolean grad, int n, int lo, int go, int yo, float smoothing) {
        l.ints(rows, k, grad ? 1 : 0, n);
        l.offsets(lo, go, yo);
        l.floats(smoothing);
        l.size1d("loss", rows);
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum,
                          boolean nesterov, float weightDecay) {
        int n = param.size();
        if (n == 0) return;
        onDevice(() -> {
            int po = arena.inOut(param), go = arena.in(grad), vo = velocity == null ? 0 : arena.inOut(velocity);
            arena.parameters(param, grad, velocity);
            Launch l = arena.graphs().sgd;
            l.ints(n, velocity != null ? 1 : 0, nesterov ? 1 : 0);
            l.offsets(po, go, vo);
            l.floats(lr, momentum, weightDecay);
            l.size1d("update", n);
            arena.run(l);
        });
    }

    @Override
    public void adamwUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                            float eps, float weightDecay, long step) {
        int n = param.size();
        if (n == 0) return;
        onDevice(() -> {
            int po = arena.inOut(param), go = arena.in(grad), mo = arena.inOut(m), vo = arena.inOut(v);
            arena.parameters(param, grad, m, v);
            Launch l = arena.graphs().adamw;
            l.ints(n);
            l.offsets(po, go, mo, vo);
            l.floats(lr, beta1, beta2, eps, weightDecay);
            l.dp.set(0, 1 - Math.pow(beta1, step));
            l.dp.set(1, 1 - Math.pow(beta2, step));
            l.size1d("update", n);
            arena.run(l);
        });
    }

    // ---------------------------------------------------------------- pruning methods' per-step ops

    @Override
    public void addPenaltyGradient(Penalty penalty, float lambda, Tensor w, Tensor g) {
        MethodOps.sameSize(w, g, "addPenaltyGradient");
        int n = w.size();
        if (n == 0) return;
        onDevice(() -> {
            int wo = arena.in(w), go = arena.inOut(g);
            Launch l = arena.graphs().penaltyGradient;
            l.ints(n, penalty.ordinal());
            l.offsets(wo, go);
            l.floats(lambda);
            l.size1d("apply", n);
            arena.run(l);
        });
    }

    @Override
    public double penaltySum(Penalty penalty, Tensor w, double start) {
        int n = w.size();
        if (n == 0) return start;
        int threads = MethodKernels.SUM_THREADS, chunk = (n + threads - 1) / threads;
        return valueOnDevice(() -> {
            int wo = arena.in(w);
            Launch l = arena.graphs().penaltySum;
            l.ints(n, chunk, penalty.ordinal());
            l.offsets(wo);
            l.size1d("sum", threads);
            arena.run(l);
            double s = start;
            for (int t = 0; t < threads; t++) s += arena.graphs().penaltyPartials.get(t);
            return s;
        });
    }

    @Override
    public void unitAxpy(float[] scale, Tensor x, Tensor y, UnitAxis axis) {
        MethodOps.sameSize(x, y, "unitAxpy");
        MethodOps.checkUnits(axis, x, scale.length);
        int n = x.size();
        if (n == 0) return;
        onDevice(() -> {
            int xo = arena.in(x), yo = arena.inOut(y), so = arena.scratch(unitScale, scale.length);
            arena.upload(scale, 0, scale.length, so);
            Launch l = arena.graphs().unitAxpy;
            l.ints(n, axis.units(), axis.span());
            l.offsets(xo, yo, so);
            l.size1d("apply", n);
            arena.run(l);
        });
    }

    @Override
    public void applyMask(Tensor x, Tensor mask) {
        MethodOps.sameSize(x, mask, "applyMask");
        int n = x.size();
        if (n == 0) return;
        onDevice(() -> {
            int mo = arena.in(mask), xo = arena.inOut(x);
            Launch l = arena.graphs().applyMask;
            l.ints(n);
            l.offsets(xo, mo);
            l.size1d("apply", n);
            arena.run(l);
        });
    }

    @Override
    public void unitReduce(Tensor x, UnitAxis axis, UnitReduction reduction, double[] acc) {
        int outer = MethodOps.checkUnits(axis, x, acc.length), units = axis.units();
        if (x.size() == 0) return;
        onDevice(() -> {
            int xo = arena.in(x);
            Launch l = arena.graphs().unitReduce;
            for (int first = 0; first < units; first += MethodKernels.UNITS_PER_LAUNCH) {
                int count = Math.min(MethodKernels.UNITS_PER_LAUNCH, units - first);
                l.ints(outer, units, axis.span(), reduction.ordinal(), first, count);
                l.offsets(xo);
                l.size1d("sum", count);
                arena.run(l);
                for (int j = 0; j < count; j++) acc[first + j] += arena.graphs().unitSums.get(j);
            }
        });
    }

    /**
     * The draws depend on each other, so they are made on the host, in the reference's order, and
     * the noise goes to the device: the parameters stay there.
     */
    @Override
    public long addGaussianNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, RandomGenerator rng) {
        int outer = MethodOps.checkUnits(axis, x, live == null ? axis.units() : live.length);
        int n = x.size(), units = axis.units(), span = axis.span();
        if (n == 0) return 0;
        float[] noise = new float[n];
        long touched = 0;
        for (int o = 0; o < outer; o++) {
            for (int u = 0; u < units; u++) {
                if (live != null && !live[u]) continue;
                int off = (o * units + u) * span;
                for (int i = off; i < off + span; i++) noise[i] = (float) (sigma * rng.nextGaussian());
                touched += span;
            }
        }
        int[] flags = flags(live);
        onDevice(() -> {
            int xo = arena.inOut(x), no = arena.scratch(noiseValues, n);
            arena.uploadNoise(noise, n, no);
            int lo = flags == null ? 0 : arena.intScratch(liveFlags, flags.length);
            if (flags != null) arena.uploadInts(flags, flags.length, lo);
            Launch l = arena.graphs().addNoise;
            l.ints(n, units, span, flags == null ? 0 : 1);
            l.offsets(xo, no, lo);
            l.size1d("apply", n);
            arena.run(l);
        });
        return touched;
    }

    @Override
    public long addCounterNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, long seed, long stream) {
        int outer = MethodOps.checkUnits(axis, x, live == null ? axis.units() : live.length);
        int n = x.size();
        if (n == 0) return 0;
        long touched = 0;
        if (live == null) {
            touched = n;
        } else {
            for (boolean b : live) if (b) touched += (long) outer * axis.span();
        }
        long key = CounterNoise.streamKey(seed, stream);
        int[] flags = flags(live);
        onDevice(() -> {
            int xo = arena.inOut(x);
            int lo = flags == null ? 0 : arena.intScratch(liveFlags, flags.length);
            if (flags != null) arena.uploadInts(flags, flags.length, lo);
            Launch l = arena.graphs().counterNoise;
            l.ints(n, axis.units(), axis.span(), flags == null ? 0 : 1, (int) (key >>> 32), (int) key);
            l.offsets(xo, lo);
            l.dp.set(0, sigma);
            l.size1d("apply", n);
            arena.run(l);
        });
        return touched;
    }

    private static int[] flags(boolean[] live) {
        if (live == null) return null;
        int[] flags = new int[live.length];
        for (int u = 0; u < live.length; u++) flags[u] = live[u] ? 1 : 0;
        return flags;
    }

    @Override
    public void close() {
        arena.close();
    }
}
