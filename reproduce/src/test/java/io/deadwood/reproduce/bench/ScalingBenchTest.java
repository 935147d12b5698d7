package io.deadwood.reproduce.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.data.DataSpecs;
import io.deadwood.cpu.VectorCpuBackend;
import io.deadwood.reproduce.TinyData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingBenchTest {
    @TempDir
    Path tmp;

    @Test
    void threadCountsDoubleUpToTheCores() {
        assertArrayEquals(new int[] {1}, ScalingBench.threadCounts(1));
        assertArrayEquals(new int[] {1, 2}, ScalingBench.threadCounts(2));
        assertArrayEquals(new int[] {1, 2, 4, 6}, ScalingBench.threadCounts(6));
        assertArrayEquals(new int[] {1, 2, 4, 8, 16}, ScalingBench.threadCounts(16));
    }

    @Test
    void eachThreadCountGetsItsEfficiencyAndItsOpsTheirShare() throws Exception {
        var data = DataSpecs.load("idx:" + TinyData.writeIdx(tmp.resolve("d"), 512, 64));
        List<BenchRow> rows = ScalingBench.run(VectorCpuBackend::new, data, List.of(new TrainBench.Entry("mlp", 0.25, null)),
                new int[] {1, 2}, 50_000_000L, 100_000_000L);
        Map<String, BenchRow> byName = rows.stream().collect(Collectors.toMap(BenchRow::name, r -> r));
        BenchRow one = byName.get("mlp --width 0.25 1 thread"), two = byName.get("mlp --width 0.25 2 threads");
        assertTrue(one != null && two != null, byName.keySet().toString());
        assertEquals(1.0, one.ratio(), 1e-12, "one thread against itself");
        assertEquals(two.value() / (2 * one.value()), two.ratio(), 1e-9, "efficiency is images/s over t times one thread's");
        for (String t : new String[] {"1 thread", "2 threads"}) {
            String prefix = "mlp --width 0.25 " + t + ": ";
            for (String op : new String[] {"dense forward", "dense backward", "relu forward", "loss", "sgd", "outside ops"}) {
                BenchRow r = byName.get(prefix + op);
                assertTrue(r != null && r.value() >= 0 && r.unit().equals("us/step"), prefix + op + " in " + byName.keySet());
            }
        }
        BenchRow gemm = byName.get("mlp --width 0.25 2 threads: dense forward");
        BenchRow gemmOne = byName.get("mlp --width 0.25 1 thread: dense forward");
        assertEquals(gemmOne.value() / 2 / gemm.value(), gemm.ratio(), 1e-9, "an op's efficiency against one thread's time");
    }
}
