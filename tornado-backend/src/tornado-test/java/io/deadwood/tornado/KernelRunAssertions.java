package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks on {@link KernelStats}: which kernels ran, and that each reported device time. */
final class KernelRunAssertions {
    /** Every op graph the backend builds (the host-copy graphs come in several sizes and are left out). */
    static final Set<String> ALL_KINDS = Set.of("gemm", "colsum", "elementwise", "maskChannels", "countZeros",
            "softmax", "sgd", "adamw", "convForward", "convBackwardData", "convBackwardFilter", "batchNormForward",
            "batchNormBackward", "maxPoolForward", "maxPoolBackward", "averagePoolForward", "averagePoolBackward",
            "penaltyGradient", "penaltySum", "unitAxpy", "applyMask", "unitReduce", "addNoise", "counterNoise");

    private KernelRunAssertions() {
    }

    static void assertAllOnDevice(Map<String, long[]> seen) {
        Set<String> missing = new TreeSet<>(ALL_KINDS);
        missing.removeAll(seen.keySet());
        assertTrue(missing.isEmpty(), "kernels that never ran: " + missing);
        seen.forEach((kind, s) -> {
            assertTrue(s[0] > 0, kind + " never executed");
            // a bailed-out kernel runs as Java and reports no device time
            assertTrue(s[1] > 0, kind + " reported no device kernel time over " + s[0] + " runs");
        });
    }
}
