package io.deadwood.tornado;

import static io.deadwood.tornado.KernelPlan.capacity;
import static io.deadwood.tornado.KernelPlan.get;
import static io.deadwood.tornado.KernelPlan.put;
import static uk.ac.manchester.tornado.api.enums.DataTransferMode.EVERY_EXECUTION;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.tornado.kernels.ElementKernels;
import io.deadwood.tornado.kernels.GemmKernels;
import io.deadwood.tornado.kernels.LossKernels;
import io.deadwood.tornado.kernels.OptimizerKernels;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The backend SPI on TornadoVM task graphs. Every op stages its operands into off-heap buffers,
 * runs one compiled graph (its tasks pass intermediates on the device) and copies the results
 * back, because the SPI hands the backend Java arrays that the trainer reads and edits between
 * ops. Convolution, pooling and batch norm live in {@link SpatialOps}.
 */
final class TornadoComputeBackend implements ComputeBackend {
    private final PlanCache plans;
    private final SpatialOps spatial;

    TornadoComputeBackend(TornadoDevice device, KernelStats stats) {
        this.plans = new PlanCache(device, stats);
        this.spatial = new SpatialOps(plans);
    }

    @Override public String id() { return "tornado"; }
    @Override public int threads() { return 1; }

    // ---------------------------------------------------------------- GEMM and dense

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                     float beta, float[] c, int cOffset, int ldc) {
        gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, null, c, cOffset, ldc);
    }

    private void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] bias, float[] c, int cOffset, int ldc) {
        if (m <= 0 || n <= 0) return;
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        KernelPlan p = plans.get("gemm", new int[] {capacity(aRows * aCols), capacity(bRows * bCols),
                capacity(bias == null ? 1 : n), capacity(m * n)}, name -> gemmPlan(name, aRows * aCols,
                bRows * bCols, bias == null ? 1 : n, m * n));
        stage(a, aOffset, lda, aRows, aCols, p.f(0));
        stage(b, bOffset, ldb, bRows, bCols, p.f(1));
        if (bias != null) put(bias, 0, p.f(2), 0, n);
        if (beta != 0f) stage(c, cOffset, ldc, m, n, p.f(3));
        int[] ip = {m, n, k, transA ? 1 : 0, transB ? 1 : 0, beta != 0f ? 1 : 0, bias != null ? 1 : 0};
        for (int i = 0; i < ip.length; i++) p.ip.set(i, ip[i]);
        p.fp.set(0, alpha);
        p.fp.set(1, beta);
        p.size2d("gemm", m, n);
        p.run();
        for (int r = 0; r < m; r++) get(p.f(3), r * n, c, cOffset + r * ldc, n);
    }

    private KernelPlan gemmPlan(String name, int aSize, int bSize, int biasSize, int cSize) {
        FloatArray a = new FloatArray(capacity(aSize)), b = new FloatArray(capacity(bSize));
        FloatArray bias = new FloatArray(capacity(biasSize)), c = new FloatArray(capacity(cSize));
        KernelPlan p = new KernelPlan(name, new Object[] {a, b, bias, c}, plans.stats);
        TaskGraph g = new TaskGraph(name)
                .transferToDevice(EVERY_EXECUTION, p.ip, p.fp, a, b, bias, c)
                .task("gemm", GemmKernels::gemm, new KernelContext(), p.ip, p.fp, a, b, bias, c)
                .transferToHost(EVERY_EXECUTION, c);
        return p.grid2d("gemm", GemmKernels.TILE).compile(g, plans.device);
    }

    /** Copies a rows x cols block with leading dimension ld densely into dst. */
    private static void stage(float[] src, int offset, int ld, int rows, int cols, FloatArray dst) {
        if (rows <= 0 || cols <= 0) return;
        if (ld == cols) {
            put(src, offset, dst, 0, rows * cols);
        } else {
            for (int r = 0; r < rows; r++) put(src, offset + r * ld, dst, r * cols, cols);
        }
    }

    @Override
    public void denseForward(Tensor x, Tensor w, Tensor bias, Tensor y) {
        int n = x.dim(0), in = w.dim(1), out = w.dim(0);
        gemm(false, true, n, out, in, 1f, x.data(), 0, in, w.data(), 0, in, 0f,
                bias == null ? null : bias.data(), y.data(), 0, out);
    }

    @Override
    public void denseBackward(Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gbias) {
        int n = x.dim(0), in = w.dim(1), out = w.dim(0);
        if (gx != null) gemm(false, false, n, in, out, 1f, gy.data(), 0, out, w.data(), 0, in, 0f, gx.data(), 0, in);
        gemm(true, false, out, in, n, 1f, gy.data(), 0, out, x.data(), 0, in, 0f, gw.data(), 0, in);
        if (gbias != null) columnSums(gy.data(), n, out, gbias.data());
    }

    private void columnSums(float[] x, int rows, int cols, float[] out) {
        KernelPlan p = plans.get("colsum", new int[] {capacity(rows * cols), capacity(cols)}, name -> {
            FloatArray in = new FloatArray(capacity(rows * cols)), sums = new FloatArray(capacity(cols));
            KernelPlan plan = new KernelPlan(name, new Object[] {in, sums}, plans.stats);
            TaskGraph g = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, in)
                    .task("sums", GemmKernels::columnSums, new KernelContext(), plan.ip, in, sums)
                    .transferToHost(EVERY_EXECUTION, sums);
            return plan.grid1d("sums").compile(g, plans.device);
        });
        put(x, 0, p.f(0), 0, rows * cols);
        p.ip.set(0, rows);
        p.ip.set(1, cols);
        p.size1d("sums", cols);
        p.run();
        get(p.f(1), 0, out, 0, cols);
    }

    // ---------------------------------------------------------------- elementwise

    private void elementwise(int op, Tensor a, Tensor b, Tensor out) {
        int n = out.size();
        if (n == 0) return;
        int cap = capacity(n);
        KernelPlan p = plans.get("elementwise", new int[] {cap}, name -> {
            FloatArray x = new FloatArray(cap), y = new FloatArray(cap), z = new FloatArray(cap);
            KernelPlan plan = new KernelPlan(name, new Object[] {x, y, z}, plans.stats);
            TaskGraph g = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, x, y)
                    .task("apply", ElementKernels::elementwise, new KernelContext(), plan.ip, x, y, z)
                    .transferToHost(EVERY_EXECUTION, z);
            return plan.grid1d("apply").compile(g, plans.device);
        });
        put(a.data(), 0, p.f(0), 0, n);
        if (b != null) put(b.data(), 0, p.f(1), 0, n);
        p.ip.set(0, op);
        p.ip.set(1, n);
        p.size1d("apply", n);
        p.run();
        get(p.f(2), 0, out.data(), 0, n);
    }

    @Override public void reluForward(Tensor x, Tensor y) { elementwise(ElementKernels.RELU, x, null, y); }
    @Override public void reluBackward(Tensor y, Tensor gy, Tensor gx) { elementwise(ElementKernels.RELU_BACKWARD, y, gy, gx); }
    @Override public void add(Tensor a, Tensor b, Tensor out) { elementwise(ElementKernels.ADD, a, b, out); }
    @Override public void accumulate(Tensor acc, Tensor x) { elementwise(ElementKernels.ADD, acc, x, acc); }

    // ---------------------------------------------------------------- spatial ops

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dSpec spec) {
        spatial.convForward(x, w, bias, y, spec);
    }

    @Override
    public void conv2dBackwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec spec) {
        spatial.convBackwardData(gy, w, gx, spec);
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec spec) {
        spatial.convBackwardFilter(x, gy, gw, gbias, spec);
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 float momentum, float eps, boolean training, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        spatial.batchNormForward(x, gamma, beta, runningMean, runningVar, momentum, eps, training, y, saveMean, saveInvStd);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor gx, Tensor ggamma, Tensor gbeta) {
        spatial.batchNormBackward(x, gy, gamma, saveMean, saveInvStd, gx, ggamma, gbeta);
    }

    @Override
    public void maxPool2dForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec spec) {
        spatial.maxPoolForward(x, y, argmax, spec);
    }

    @Override
    public void maxPool2dBackward(Tensor gy, int[] argmax, Tensor gx) {
        spatial.maxPoolBackward(gy, argmax, gx);
    }

    @Override
    public void globalAvgPoolForward(Tensor x, Tensor y) {
        spatial.averagePoolForward(x, y);
    }

    @Override
    public void globalAvgPoolBackward(Tensor gy, Tensor gx) {
        spatial.averagePoolBackward(gy, gx);
    }

    // ---------------------------------------------------------------- loss and optimisers

    @Override
    public double softmaxCrossEntropy(Tensor logits, int[] labels, float labelSmoothing, Tensor grad) {
        int n = logits.dim(0), k = logits.dim(1);
        int cap = capacity(n * k), rowCap = capacity(n);
        KernelPlan p = plans.get("softmax", new int[] {cap, rowCap}, name -> {
            FloatArray x = new FloatArray(cap), g = new FloatArray(cap);
            IntArray y = new IntArray(rowCap);
            DoubleArray loss = new DoubleArray(rowCap);
            KernelPlan plan = new KernelPlan(name, new Object[] {x, y, loss, g}, plans.stats);
            TaskGraph graph = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, plan.fp, x, y)
                    .task("loss", LossKernels::softmaxCrossEntropy, new KernelContext(), plan.ip, plan.fp, x, y, loss, g)
                    .transferToHost(EVERY_EXECUTION, loss, g);
            return plan.grid1d("loss").compile(graph, plans.device);
        });
        put(logits.data(), 0, p.f(0), 0, n * k);
        put(labels, p.i(1), n);
        p.ip.set(0, n);
        p.ip.set(1, k);
        p.ip.set(2, grad != null ? 1 : 0);
        p.fp.set(0, labelSmoothing);
        p.size1d("loss", n);
        p.run();
        if (grad != null) get(p.f(3), 0, grad.data(), 0, n * k);
        double total = 0;
        DoubleArray rows = p.d(2);
        for (int i = 0; i < n; i++) total += rows.get(i);
        return total / n;
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum,
                          boolean nesterov, float weightDecay) {
        int n = param.size();
        if (n == 0) return;
        int cap = capacity(n);
        KernelPlan p = plans.get("sgd", new int[] {cap}, name -> {
            FloatArray w = new FloatArray(cap), g = new FloatArray(cap), v = new FloatArray(cap);
            KernelPlan plan = new KernelPlan(name, new Object[] {w, g, v}, plans.stats);
            TaskGraph graph = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, plan.fp, w, g, v)
                    .task("update", OptimizerKernels::sgd, new KernelContext(), plan.ip, plan.fp, w, g, v)
                    .transferToHost(EVERY_EXECUTION, w, v);
            return plan.grid1d("update").compile(graph, plans.device);
        });
        put(param.data(), 0, p.f(0), 0, n);
        put(grad.data(), 0, p.f(1), 0, n);
        if (velocity != null) put(velocity.data(), 0, p.f(2), 0, n);
        p.ip.set(0, n);
        p.ip.set(1, velocity != null ? 1 : 0);
        p.ip.set(2, nesterov ? 1 : 0);
        p.fp.set(0, lr);
        p.fp.set(1, momentum);
        p.fp.set(2, weightDecay);
        p.size1d("update", n);
        p.run();
        get(p.f(0), 0, param.data(), 0, n);
        if (velocity != null) get(p.f(2), 0, velocity.data(), 0, n);
    }

    @Override
    public void adamwUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                            float eps, float weightDecay, long step) {
        int n = param.size();
        if (n == 0) return;
        int cap = capacity(n);
        KernelPlan p = plans.get("adamw", new int[] {cap}, name -> {
            FloatArray w = new FloatArray(cap), g = new FloatArray(cap), m1 = new FloatArray(cap), v1 = new FloatArray(cap);
            KernelPlan plan = new KernelPlan(name, new Object[] {w, g, m1, v1}, plans.stats);
            TaskGraph graph = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, plan.fp, plan.dp, w, g, m1, v1)
                    .task("update", OptimizerKernels::adamw, new KernelContext(), plan.ip, plan.fp, plan.dp, w, g, m1, v1)
                    .transferToHost(EVERY_EXECUTION, w, m1, v1);
            return plan.grid1d("update").compile(graph, plans.device);
        });
        put(param.data(), 0, p.f(0), 0, n);
        put(grad.data(), 0, p.f(1), 0, n);
        put(m.data(), 0, p.f(2), 0, n);
        put(v.data(), 0, p.f(3), 0, n);
        p.ip.set(0, n);
        float[] fp = {lr, beta1, beta2, eps, weightDecay};
        for (int i = 0; i < fp.length; i++) p.fp.set(i, fp[i]);
        p.dp.set(0, 1 - Math.pow(beta1, step));
        p.dp.set(1, 1 - Math.pow(beta2, step));
        p.size1d("update", n);
        p.run();
        get(p.f(0), 0, param.data(), 0, n);
        get(p.f(2), 0, m.data(), 0, n);
        get(p.f(3), 0, v.data(), 0, n);
    }

    @Override
    public void close() {
        plans.close();
    }
}
