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
        // a loader that sees the JDK only, as a JVM started without the SDK's flags does
        var p = new TornadoBackendProvider(sdk.toString(), new ClassLoader(null) { });
        assertFalse(p.availability().available());
        assertTrue(p.availability().reason().contains("runtime"), p.availability().reason());
        assertTrue(p.availability().reason().contains("--backend tornado"), p.availability().reason());
        assertTrue(p.devices().isEmpty());
    }

    @Test
    void missingSdkFolderSaysWhich() {
        var p = new TornadoBackendProvider("/no/such/tornadovm", getClass().getClassLoader());
        assertFalse(p.availability().available());
        assertTrue(p.availability().reason().contains("/no/such/tornadovm"), p.availability().reason());
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
