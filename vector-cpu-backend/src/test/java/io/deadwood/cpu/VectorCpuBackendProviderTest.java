package io.deadwood.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.backend.ComputeBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VectorCpuBackendProviderTest {
    private final VectorCpuBackendProvider provider = new VectorCpuBackendProvider();

    @Test
    void isAvailableWhenTheIncubatorModuleIsAdded() {
        BackendProvider.Availability a = provider.availability();
        assertTrue(a.available(), a.reason());
        assertEquals("vector-cpu", provider.id());
        assertEquals(100, provider.rank());
        assertFalse(provider.description().isBlank());
    }

    @Test
    void describesTheCpu() {
        assertFalse(provider.devices().isEmpty());
        String device = provider.devices().get(0);
        assertTrue(device.startsWith("cpu: " + Runtime.getRuntime().availableProcessors() + " threads, "), device);
        assertTrue(device.contains("-bit vectors"), device);
    }

    @Test
    void isFoundByServiceLoaderAndChosenByAuto() {
        Backends backends = Backends.discover();
        assertInstanceOf(VectorCpuBackendProvider.class, backends.choose("vector-cpu"));
        assertTrue(backends.providers().stream().anyMatch(p -> p.id().equals("vector-cpu")));
    }

    @Test
    void opensWithTheRequestedThreadCount() {
        try (ComputeBackend zero = provider.open(0); ComputeBackend one = provider.open(1); ComputeBackend two = provider.open(2)) {
            assertEquals(Runtime.getRuntime().availableProcessors(), zero.threads());
            assertEquals(1, one.threads());
            assertEquals(2, two.threads());
            assertEquals("vector-cpu", two.id());
        }
        assertThrows(IllegalArgumentException.class, () -> provider.open(-1));
    }

    @Test
    void givesAReasonWhenTheJvmLacksTheIncubatorModule() throws Exception {
        String out = probe(List.of());
        assertTrue(out.contains("available=false"), out);
        assertTrue(out.contains("started without --add-modules jdk.incubator.vector"), out);
    }

    @Test
    void givesAReasonWhenC2IsDisabled() throws Exception {
        String out = probe(List.of("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1"));
        assertTrue(out.contains("available=false"), out);
        assertTrue(out.contains("C2 is disabled"), out);
    }

    /** Runs {@link AvailabilityProbe} in a child JVM with the given flags and returns what it printed. */
    private static String probe(List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AvailabilityProbe.class.getName()));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
