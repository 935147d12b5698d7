package io.deadwood.cpu;

import java.util.Random;

/** Throughput check for the packed GEMM: run by hand, not a test. */
public final class GemmBench {
    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        float[] a = new float[size * size], b = new float[size * size], c = new float[size * size];
        Random r = new Random(1);
        for (int i = 0; i < a.length; i++) { a[i] = r.nextFloat(); b[i] = r.nextFloat(); }
        try (WorkerPool pool = new WorkerPool(threads)) {
            Scratch[] s = new Scratch[threads];
            for (int i = 0; i < threads; i++) s[i] = new Scratch();
            GemmDriver d = new GemmDriver(pool, s);
            for (int rep = 0; rep < 8; rep++) {
                int iters = 20;
                long t0 = System.nanoTime();
                for (int it = 0; it < iters; it++) {
                    d.gemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%d^3 threads=%d: %.1f GFLOP/s%n", size, threads, 2.0 * size * size * size * iters / sec / 1e9);
            }
        }
    }
}
