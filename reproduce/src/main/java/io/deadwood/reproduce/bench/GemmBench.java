package io.deadwood.reproduce.bench;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.cpu.VectorCpuBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Square SGEMM next to the FMA ceiling on the same threads. On the CPU backend it is C = A B on raw
 * row-major arrays, the class's own GEMM (the figures quoted since the first benchmarks); the SPI has
 * no raw-array GEMM, so on any other backend it is the dense layer's op, C = A B^T on tensors, which
 * is the same number of multiply-adds and the GEMM the layers run there.
 */
public final class GemmBench {
    public static final int[] SIZES = {256, 512, 1024, 2048};

    private GemmBench() {
    }

    public static List<BenchRow> run(IntFunction<ComputeBackend> open, int[] threadCounts) {
        List<BenchRow> rows = new ArrayList<>();
        for (int threads : threadCounts) {
            FmaCeiling.Bracket bracket = FmaCeiling.bracket(threads);
            try (ComputeBackend be = open.apply(threads)) {
                for (int n : SIZES) {
                    float[] a = random(n * n, n), b = random(n * n, n + 1), c = new float[n * n];
                    bracket.add("sgemm " + n, 2.0 * n * n * n, sgemm(be, n, a, b, c));
                }
            }
            rows.addAll(bracket.close());
        }
        return rows;
    }

    private static Runnable sgemm(ComputeBackend be, int n, float[] a, float[] b, float[] c) {
        if (be instanceof VectorCpuBackend cpu) return () -> cpu.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        Tensor ta = Tensor.wrap(a, n, n), tb = Tensor.wrap(b, n, n), tc = Tensor.wrap(c, n, n);
        return () -> be.denseForward(ta, tb, null, tc);
    }

    public static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) (r.nextDouble() - 0.5);
        return a;
    }
}
