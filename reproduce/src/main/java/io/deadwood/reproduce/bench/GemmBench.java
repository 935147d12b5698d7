package io.deadwood.reproduce.bench;

import io.deadwood.api.backend.ComputeBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/** Square SGEMM (C = A B, row-major) through the backend SPI, next to the FMA ceiling on the same threads. */
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
                    bracket.add("sgemm " + n, 2.0 * n * n * n,
                            () -> be.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
                }
            }
            rows.addAll(bracket.close());
        }
        return rows;
    }

    public static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) (r.nextDouble() - 0.5);
        return a;
    }
}
