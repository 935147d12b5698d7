package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.Backends;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TornadoBackendProviderTest {

    @Test
    void withoutSdkSaysWhy() {
        var p = new TornadoBackendProvider(null, getClass().getClassLoader());
        assertFalse(p.availability().available());
        assertTrue(p.availability().reason().contains("TORNADOVM_HOME"), p.availability().reason());
        assertTrue(p.devices().isEmpty());
    }

    @Test
    void sdkFolderWithoutRuntimeSaysWhy(@TempDir Path sdk) {
        var p = new TornadoBackendProvider(sdk.toString(), getClass().getClassLoader());
        assertFalse(p.availability().available());
        assertTrue(p.availability().reason().contains("runtime"), p.availability().reason());
    }

    @Test
    void explicitChoiceFailsNamingTheReason() {
        BackendProvider p = new TornadoBackendProvider(null, getClass().getClassLoader());
        var e = assertThrows(Backends.UnavailableBackendException.class,
                () -> new Backends(java.util.List.of(p)).choose("tornado"));
        assertTrue(e.getMessage().contains("TORNADOVM_HOME"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> p.open(0));
    }

    @Test
    void discoveredThroughServiceLoader() {
        assertTrue(Backends.discover().providers().stream().anyMatch(b -> b.id().equals("tornado")));
    }
}
