package io.deadwood.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.ThreadMXBean;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.optim.Optimizers;
import io.deadwood.api.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A steady-state training step of the mlp (forward, loss, backward, SGD with momentum) allocates
 * next to nothing on this backend; it allocated about 10 KB before the loop's buffers were reused
 * and the pool stopped building task objects. Until C2 has compiled the Vector API kernels, every
 * vector operation allocates a box, and when that happens depends on the machine, so the test
 * trains in rounds until one comes in under the bound and fails only if none does in time.
 */
class TrainingStepAllocationTest {
    private static final int BATCH = 64;
    private static final int ROUND = 200;
    /**
     * Bytes per step. The steady state measures 0.16 (the counter's own result arrays); one object
     * made per step would be 16 or more, a capturing lambda per backend call hundreds.
     */
    private static final double BOUND = 16;
    private static final long LIMIT_NANOS = 90_000_000_000L;

    @Test
    void aSteadyStateMlpStepAllocatesNearlyNothing() {
        ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported(), "this JVM does not count allocated bytes per thread");
        if (!bean.isThreadAllocatedMemoryEnabled()) bean.setThreadAllocatedMemoryEnabled(true);
        assumeTrue(c2Compiles(), "without C2 every Vector API operation allocates a box, steady state or not");

        Model model = ModelZoo.create("mlp", 1.0, new int[] {1, 28, 28}, 10);
        model.initialize(1);
        Optimizer opt = Optimizers.create(OptimizerConfig.sgd(0.01).withMomentum(0.9, false));
        Random r = new Random(3);
        Tensor images = Tensor.zeros(BATCH, 1, 28, 28);
        for (int i = 0; i < images.size(); i++) images.set(i, (float) r.nextGaussian());
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) labels[i] = r.nextInt(10);
        Tensor grad = Tensor.zeros(BATCH, 10);

        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (VectorCpuBackend backend = new VectorCpuBackend(2)) {
            // This thread and the pool's workers (the threads the backend started) do all the work.
            long[] ids = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t == Thread.currentThread() || (!before.contains(t) && t.getName().startsWith("vector-cpu-")))
                    .mapToLong(Thread::threadId).toArray();
            assertTrue(ids.length >= 2, "the backend's worker thread was not found");
            ExecutionContext ctx = new ExecutionContext(backend, true);
            double perStep = Double.POSITIVE_INFINITY;
            long start = System.nanoTime();
            while (perStep > BOUND && System.nanoTime() - start < LIMIT_NANOS) {
                long allocated = sum(bean.getThreadAllocatedBytes(ids));
                for (int s = 0; s < ROUND; s++) {
                    Tensor logits = model.forward(images, ctx);
                    backend.softmaxCrossEntropy(logits, labels, 0f, grad);
                    model.backward(grad, ctx);
                    opt.step(model.parameters(), 0.01f, backend);
                }
                perStep = (sum(bean.getThreadAllocatedBytes(ids)) - allocated) / (double) ROUND;
            }
            assertTrue(perStep <= BOUND, "a steady-state step still allocates " + perStep + " bytes");
        }
    }

    private static boolean c2Compiles() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null) return true;
        try {
            return Boolean.parseBoolean(hotspot.getVMOption("UseCompiler").getValue())
                    && Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) >= 4;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) s += v;
        return s;
    }
}
