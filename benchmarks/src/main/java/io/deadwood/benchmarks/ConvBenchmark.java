package io.deadwood.benchmarks;

import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.cpu.VectorCpuBackend;
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

/** The convnet's second convolution (batch 128, 32x14x14 -> 64, 3x3, padding 1): 0.925 GFLOP per call. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ConvBenchmark {
    @Param({"1", "2"})
    int threads;

    final Conv2dSpec spec = new Conv2dSpec(128, 32, 14, 14, 64, 3, 1, 1);
    VectorCpuBackend backend;
    Tensor x, w, b, y, gx, gw, gb;

    @Setup(Level.Trial)
    public void setUp() {
        backend = new VectorCpuBackend(threads);
        x = Tensor.wrap(GemmBenchmark.random(128 * 32 * 196, 1), 128, 32, 14, 14);
        w = Tensor.wrap(GemmBenchmark.random(64 * 32 * 9, 2), 64, 32, 3, 3);
        y = Tensor.wrap(GemmBenchmark.random(128 * 64 * 196, 3), 128, 64, 14, 14);
        b = Tensor.zeros(64);
        gx = Tensor.zeros(128, 32, 14, 14);
        gw = Tensor.zeros(64, 32, 3, 3);
        gb = Tensor.zeros(64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public Tensor forward() {
        backend.conv2dForward(x, w, b, y, spec);
        return y;
    }

    @Benchmark
    public Tensor backwardData() {
        backend.conv2dBackwardData(y, w, gx, spec);
        return gx;
    }

    @Benchmark
    public Tensor backwardFilter() {
        backend.conv2dBackwardFilter(x, y, gw, gb, spec);
        return gw;
    }
}
