package io.deadwood.reproduce.bench;

import io.deadwood.api.result.MachineProbe;
import java.lang.management.ManagementFactory;
import java.util.List;

/** What a figure was measured on: without the JDK, flags and CPU a number cannot be compared. */
public record BenchEnvironment(String jdk, String vm, List<String> jvmFlags, String cpu, int cores,
                               int vectorBits, long maxHeapBytes, String gitCommit) {
    public static BenchEnvironment probe() {
        var machine = MachineProbe.machine();
        return new BenchEnvironment(System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments()),
                machine.cpu(), machine.availableProcessors(), FmaCeiling.vectorBits(), Runtime.getRuntime().maxMemory(),
                System.getProperty("deadwood.git.commit", "unknown"));
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "JDK %s (%s), %d-bit vectors%nCPU %s, %d cores, max heap %d MiB%n"
                        + "JVM flags %s%ncommit %s", jdk, vm, vectorBits, cpu, cores, maxHeapBytes >> 20,
                String.join(" ", jvmFlags), gitCommit);
    }
}
