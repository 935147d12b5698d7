package io.deadwood.cpu;

import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.tensor.Tensor;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;

/**
 * Throughput figures for GEMM and convolution next to the FMA ceiling measured in the same run.
 * Run by hand (it is not a test): java --add-modules jdk.incubator.vector -cp ... VectorCpuBench [threads]
 */
public final class VectorCpuBench {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        try (VectorCpuBackend be = new VectorCpuBackend(threads); WorkerPool pool = new WorkerPool(threads)) {
            report("fma ceiling", 2.0 * 24 * Gemm.L * 4_000_000 * threads, i -> pool.run(threads, p -> fmaLoop(4_000_000)));
            int n = 512;
            float[] a = random(n * n), b = random(n * n), c = new float[n * n];
            report("gemm 512^3 NN", 2.0 * n * n * n,
                    i -> be.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
            report("gemm 512^3 TT", 2.0 * n * n * n,
                    i -> be.gemm(true, true, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
            Conv2dSpec s = new Conv2dSpec(128, 32, 14, 14, 64, 3, 1, 1);
            Tensor x = Tensor.wrap(random(128 * 32 * 196), 128, 32, 14, 14);
            Tensor w = Tensor.wrap(random(64 * 32 * 9), 64, 32, 3, 3);
            Tensor y = Tensor.zeros(128, 64, 14, 14), gx = Tensor.zeros(128, 32, 14, 14);
            Tensor gw = Tensor.zeros(64, 32, 3, 3), gb = Tensor.zeros(64);
            double convFlops = 2.0 * 128 * 64 * 196 * 32 * 9;
            report("conv fwd N128 C32 14x14 O64 k3p1", convFlops, i -> be.conv2dForward(x, w, gb, y, s));
            report("conv bwd data", convFlops, i -> be.conv2dBackwardData(y, w, gx, s));
            report("conv bwd filter", convFlops, i -> be.conv2dBackwardFilter(x, y, gw, gb, s));
        }
    }

    private static float[] random(int n) {
        Random r = new Random(n);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() - 0.5f;
        return a;
    }

    /** Median rate over several timed rounds after a warm-up. */
    private static void report(String what, double flopsPerCall, IntConsumer call) {
        for (int i = 0; i < 20; i++) call.accept(i);
        double[] rates = new double[9];
        for (int round = 0; round < rates.length; round++) {
            int calls = 10;
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) call.accept(i);
            rates[round] = flopsPerCall * calls / ((System.nanoTime() - t0) / 1e9) / 1e9;
        }
        java.util.Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "%-36s %7.1f GFLOP/s (median of %d)%n", what, rates[rates.length / 2], rates.length);
    }

    private static volatile float sink;

    private static void fmaLoop(int iterations) {
        FloatVector a0 = FloatVector.broadcast(Gemm.S, 0.999f), b0 = FloatVector.broadcast(Gemm.S, 0.001f);
        FloatVector c0 = FloatVector.zero(Gemm.S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        FloatVector c16 = c0, c17 = c0, c18 = c0, c19 = c0, c20 = c0, c21 = c0, c22 = c0, c23 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = a0.fma(c0, b0); c1 = a0.fma(c1, b0); c2 = a0.fma(c2, b0); c3 = a0.fma(c3, b0);
            c4 = a0.fma(c4, b0); c5 = a0.fma(c5, b0); c6 = a0.fma(c6, b0); c7 = a0.fma(c7, b0);
            c8 = a0.fma(c8, b0); c9 = a0.fma(c9, b0); c10 = a0.fma(c10, b0); c11 = a0.fma(c11, b0);
            c12 = a0.fma(c12, b0); c13 = a0.fma(c13, b0); c14 = a0.fma(c14, b0); c15 = a0.fma(c15, b0);
            c16 = a0.fma(c16, b0); c17 = a0.fma(c17, b0); c18 = a0.fma(c18, b0); c19 = a0.fma(c19, b0);
            c20 = a0.fma(c20, b0); c21 = a0.fma(c21, b0); c22 = a0.fma(c22, b0); c23 = a0.fma(c23, b0);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(c12).add(c13).add(c14).add(c15).add(c16).add(c17).add(c18).add(c19).add(c20).add(c21).add(c22).add(c23);
        sink = s.lane(0);
    }
}
