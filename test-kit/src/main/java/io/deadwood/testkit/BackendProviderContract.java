package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** What every {@link BackendProvider} promises, available here or not. */
public abstract class BackendProviderContract {

    protected abstract BackendProvider provider();

    @Test
    void idIsStableAndPlain() {
        assertTrue(provider().id().matches("[a-z0-9-]+"), provider().id());
        assertEquals(provider().id(), provider().id());
        assertFalse(provider().description().isBlank());
    }

    @Test
    void availabilityAlwaysAnswersWithAReason() {
        BackendProvider.Availability a = provider().availability();
        assertNotNull(a);
        assertFalse(a.reason() == null || a.reason().isBlank());
        if (!a.available()) {
            assertTrue(provider().devices().isEmpty(), "an unavailable backend lists no devices");
        } else {
            assertFalse(provider().devices().isEmpty(), "an available backend lists its devices");
        }
    }

    @Test
    void isFoundByServiceLoader() {
        assertTrue(Backends.discover().providers().stream()
                .anyMatch(p -> p.getClass().equals(provider().getClass())));
    }

    @Test
    void explicitChoiceMatchesAvailability() {
        BackendProvider p = provider();
        Backends backends = new Backends(java.util.List.of(p));
        if (p.availability().available()) {
            assertSame(p, backends.choose(p.id()));
            assertSame(p, backends.choose(Backends.AUTO));
        } else {
            var e = assertThrows(Backends.UnavailableBackendException.class, () -> backends.choose(p.id()));
            assertTrue(e.getMessage().contains(p.availability().reason()), e.getMessage());
            assertThrows(Backends.UnavailableBackendException.class, () -> backends.choose(Backends.AUTO));
        }
    }

    @Test
    void opensAWorkingBackendWhenAvailable() {
        if (!provider().availability().available()) {
            assertThrows(RuntimeException.class, () -> provider().open(0));
            return;
        }
        try (ComputeBackend b = provider().open(1)) {
            assertEquals(provider().id(), b.id());
            Tensor x = Tensor.wrap(new float[] {-1f, 2f, -3f, 4f}, 1, 4);
            Tensor y = Tensor.zeros(1, 4);
            b.reluForward(x, y);
            assertEquals(0f, y.get(0));
            assertEquals(4f, y.get(3));
        }
    }
}
