package io.deadwood.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.backend.ComputeBackend;
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
}
