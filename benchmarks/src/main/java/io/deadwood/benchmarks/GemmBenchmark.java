package io.deadwood.benchmarks;

import io.deadwood.cpu.VectorCpuBackend;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square SGEMM through the backend, in every transpose combination that dense layers use.
 * GFLOP/s = 2 size^3 / (the score in ms) / 1e6; compare with {@link FmaCeilingBenchmark} run alongside.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmBenchmark {
    @Param({"256", "1024"})
    int size;

    @Param({"1", "2"})
    int threads;

    @Param({"NN", "NT", "TN"})
    String op;

    VectorCpuBackend backend;
    float[] a, b, c;

    @Setup(Level.Trial)
    public void setUp() {
        backend = new VectorCpuBackend(threads);
        a = random(size * size, 1);
        b = random(size * size, 2);
        c = new float[size * size];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public float[] sgemm() {
        int n = size;
        backend.gemm(op.charAt(0) == 'T', op.charAt(1) == 'T', n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        return c;
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() - 0.5);
        return x;
    }
}
