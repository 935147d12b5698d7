package io.deadwood.cpu;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.backend.Penalty;
import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.backend.SmoothActivation;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vector API CPU backend: packed GEMM underneath dense and convolution layers, vector kernels
 * for the rest, all split statically over a fixed pool so that every call gives the same bits.
 *
 * <p>Calls that use the per-part scratch memory (GEMM, dense, convolution) are serialised on this
 * object; a backend is meant to be driven by one training loop at a time.
 */
public final class VectorCpuBackend implements ComputeBackend {
    private static final Logger LOG = LoggerFactory.getLogger(VectorCpuBackend.class);
    public static final String ID = "vector-cpu";

    private final WorkerPool pool;
    private final GemmDriver gemm;
    private final ConvOps conv;
    private final BatchNormOps batchNorm;
    private final ElementOps elements;
    private final PoolOps pools;
    private final LossOps loss;
    private final OptimizerOps optimizers;
    private final MethodMaths methods;
    private final WorkerPool.RangeBody addBiasPart = this::addBiasPart;
    private final WorkerPool.RangeBody biasGradientPart = this::biasGradientPart;

    // A dense call's bias step, for its parts to read without a lambda allocated per call.
    private float[] rows;
    private float[] bias;
    private int rowCount;
    private int width;

    /** @param threads worker threads, 0 for one per available processor */
    public VectorCpuBackend(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = one per processor), got " + threads);
        }
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.pool = new WorkerPool(n);
        Scratch[] scratch = new Scratch[n];
        for (int i = 0; i < n; i++) scratch[i] = new Scratch();
        this.gemm = new GemmDriver(pool, scratch);
        this.conv = new ConvOps(pool, scratch, gemm);
        this.batchNorm = new BatchNormOps(pool);
        this.elements = new ElementOps(pool);
        this.pools = new PoolOps(pool);
        this.loss = new LossOps(pool);
        this.optimizers = new OptimizerOps(pool);
        this.methods = new MethodMaths(pool);
        LOG.debug("{} backend: {} threads, {}-bit vectors, {}x{} GEMM tile", ID, n,
                Gemm.S.vectorBitSize(), Gemm.MR, Gemm.NR);
    }

    @Override public String id() { return ID; }
    @Override public int threads() { return pool.threads(); }

    /**
     * C = alpha * op(A) * op(B) + beta * C on raw arrays (op(A) m x k, op(B) k x n; see
     * {@link GemmDriver}): not an SPI op, since layers call the tensor ops; benchmarks and tests
     * call it on this class.
     */
    public synchronized void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                  float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                  float beta, float[] c, int cOffset, int ldc) {
        gemm.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    @Override
    public synchronized void denseForward(Tensor x, Tensor w, Tensor bias, Tensor y) {
        int n = x.dim(0), out = w.dim(0), in = w.dim(1);
        requireShape(x, "x", n, in);
        requireShape(y, "y", n, out);
        gemm.gemm(false, true, n, out, in, 1f, x.data(), 0, in, w.data(), 0, in, 0f, y.data(), 0, out);
        if (bias != null) {
            requireShape(bias, "bias", out);
            rows = y.data();
            this.bias = bias.data();
            width = out;
            pool.forRange(n, Math.max(1, ElementOps.ELEMENT_GRAIN / out), addBiasPart);
        }
    }

    private void addBiasPart(int part, int from, int to) {
        for (int i = from; i < to; i++) Kernels.addRow(rows, i * width, bias, width);
    }

    @Override
    public synchronized void denseBackward(Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gbias) {
        int n = x.dim(0), out = w.dim(0), in = w.dim(1);
        requireShape(x, "x", n, in);
        requireShape(gy, "gy", n, out);
        requireShape(gw, "gw", out, in);
        if (gx != null) {
            requireShape(gx, "gx", n, in);
            gemm.gemm(false, false, n, in, out, 1f, gy.data(), 0, out, w.data(), 0, in, 0f, gx.data(), 0, in);
        }
        gemm.gemm(true, false, out, in, n, 1f, gy.data(), 0, out, x.data(), 0, in, 0f, gw.data(), 0, in);
        if (gbias != null) {
            requireShape(gbias, "gbias", out);
            rows = gy.data();
            bias = gbias.data();
            rowCount = n;
            width = out;
            pool.forRange(out, 64, biasGradientPart);
        }
    }

    /**
     * One column at a time, summed down the rows in double: the same order as adding row by row
     * into a double per column, without an array of sums; a block of columns' rows stays in L1.
     */
    private void biasGradientPart(int part, int from, int to) {
        for (int o = from; o < to; o++) {
            double sum = 0;
            for (int i = 0; i < rowCount; i++) sum += rows[i * width + o];
            bias[o] = (float) sum;
        }
    }

    @Override
    public synchronized void conv2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dSpec spec) {
        checkConv(spec, x, "x", w, y, "y");
        if (bias != null) requireShape(bias, "bias", spec.outChannels());
        conv.forward(x, w, bias, y, spec);
    }

    @Override
    public synchronized void conv2dBackwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec spec) {
        checkConv(spec, gx, "gx", w, gy, "gy");
        conv.backwardData(gy, w, gx, spec);
    }

    @Override
    public synchronized void conv2dBackwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec spec) {
        checkConv(spec, x, "x", gw, gy, "gy");
        if (gbias != null) requireShape(gbias, "gbias", spec.outChannels());
        conv.backwardFilter(x, gy, gw, gbias, spec);
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 float momentum, float eps, boolean training,
                                 Tensor y, Tensor saveMean, Tensor saveInvStd) {
        batchNorm.forward(x, gamma, beta, runningMean, runningVar, momentum, eps, training, y, saveMean, saveInvStd);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor gx, Tensor ggamma, Tensor gbeta) {
        batchNorm.backward(x, gy, gamma, saveMean, saveInvStd, gx, ggamma, gbeta);
    }

    @Override public void reluForward(Tensor x, Tensor y) { elements.relu(x, y); }
    @Override public long countZeros(Tensor x) { return elements.countZeros(x); }
    @Override public void reluBackward(Tensor y, Tensor gy, Tensor gx) { elements.reluBackward(y, gy, gx); }
    @Override public void smoothForward(SmoothActivation kind, Tensor x, Tensor y) { elements.smooth(kind, x, y); }
    @Override public void smoothBackward(SmoothActivation kind, Tensor y, Tensor gy, Tensor gx) {
        elements.smoothBackward(kind, y, gy, gx);
    }

    @Override
    public void maxPool2dForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec spec) {
        int planes = spec.batch() * spec.channels();
        if (x.size() != planes * spec.inHeight() * spec.inWidth() || y.size() != planes * spec.outHeight() * spec.outWidth()
                || argmax.length < y.size()) {
            throw new IllegalArgumentException("max pool " + spec + " does not fit x " + x + ", y " + y
                    + " and " + argmax.length + " argmax slots");
        }
        pools.maxPoolForward(x, y, argmax, spec);
    }

    @Override public void maxPool2dBackward(Tensor gy, int[] argmax, Tensor gx) { pools.maxPoolBackward(gy, argmax, gx); }
    @Override public void globalAvgPoolForward(Tensor x, Tensor y) { pools.globalAvgPoolForward(x, y); }
    @Override public void globalAvgPoolBackward(Tensor gy, Tensor gx) { pools.globalAvgPoolBackward(gy, gx); }
    @Override public void add(Tensor a, Tensor b, Tensor out) { elements.add(a, b, out); }
    @Override public void accumulate(Tensor acc, Tensor x) { elements.accumulate(acc, x); }

    @Override
    public double meanSquaredError(Tensor y, float[] targets, Tensor grad) {
        int count = y.size();
        if (targets.length < count) {
            throw new IllegalArgumentException("meanSquaredError: " + y + " needs " + count + " targets, got " + targets.length);
        }
        if (grad != null) ElementOps.sameSize(y, grad, "meanSquaredError");
        return Kernels.squaredError(y.data(), targets, grad == null ? null : grad.data(), 2f / count, count) / count;
    }

    @Override
    public double softmaxCrossEntropy(Tensor logits, int[] labels, float labelSmoothing, Tensor grad) {
        return loss.softmaxCrossEntropy(logits, labels, labelSmoothing, grad);
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum,
                          boolean nesterov, float weightDecay) {
        optimizers.sgd(param, grad, velocity, lr, momentum, nesterov, weightDecay);
    }

    @Override
    public void adamwUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                            float eps, float weightDecay, long step) {
        optimizers.adamw(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
    }

    @Override
    public void addPenaltyGradient(Penalty penalty, float lambda, Tensor w, Tensor g) {
        methods.addPenaltyGradient(penalty, lambda, w, g);
    }

    @Override
    public double penaltySum(Penalty penalty, Tensor w, double start) {
        return methods.penaltySum(penalty, w, start);
    }

    @Override
    public void unitAxpy(float[] scale, Tensor x, Tensor y, UnitAxis axis) {
        methods.unitAxpy(scale, x, y, axis);
    }

    @Override public void applyMask(Tensor x, Tensor mask) { methods.applyMask(x, mask); }

    @Override
    public void unitReduce(Tensor x, UnitAxis axis, UnitReduction reduction, double[] acc) {
        methods.unitReduce(x, axis, reduction, acc);
    }

    @Override
    public long addCounterNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, long seed, long stream) {
        return methods.addCounterNoise(x, axis, live, sigma, seed, stream);
    }

    @Override
    public void close() {
        pool.close();
    }

    // Fixed arities rather than varargs: these run on every call, and a varargs array is an allocation.
    private static void requireShape(Tensor t, String name, int d0) {
        if (t.size() != d0) throw misshapen(t, name, d0);
    }

    private static void requireShape(Tensor t, String name, int d0, int d1) {
        if (t.size() != (long) d0 * d1) throw misshapen(t, name, d0, d1);
    }

    private static void requireShape(Tensor t, String name, int d0, int d1, int d2, int d3) {
        if (t.size() != (long) d0 * d1 * d2 * d3) throw misshapen(t, name, d0, d1, d2, d3);
    }

    private static IllegalArgumentException misshapen(Tensor t, String name, int... shape) {
        return new IllegalArgumentException(name + " is " + t + " but " + Arrays.toString(shape) + " was expected");
    }

    private static void checkConv(Conv2dSpec s, Tensor in, String inName, Tensor w, Tensor out, String outName) {
        requireShape(in, inName, s.batch(), s.inChannels(), s.inHeight(), s.inWidth());
        requireShape(w, "weights", s.outChannels(), s.inChannels(), s.kernel(), s.kernel());
        requireShape(out, outName, s.batch(), s.outChannels(), s.outHeight(), s.outWidth());
    }
}
