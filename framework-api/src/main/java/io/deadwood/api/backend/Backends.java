package io.deadwood.api.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds backend providers and chooses one by id or by rank ({@code auto}). */
public final class Backends {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    public static final String AUTO = "auto";

    private final List<BackendProvider> providers;

    public Backends(List<BackendProvider> providers) {
        Map<String, BackendProvider> byId = new HashMap<>();
        for (BackendProvider p : providers) {
            BackendProvider clash = byId.putIfAbsent(p.id(), p);
            if (clash != null) {
                throw new IllegalStateException("two backend providers share the id '" + p.id() + "': "
                        + clash.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        List<BackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparingInt(BackendProvider::rank).reversed().thenComparing(BackendProvider::id));
        this.providers = List.copyOf(sorted);
    }

    /** Providers on the class path of the given loader. */
    public static Backends discover(ClassLoader loader) {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, loader).forEach(found::add);
        return new Backends(found);
    }

    public static Backends discover() {
        return discover(Backends.class.getClassLoader());
    }

    public List<BackendProvider> providers() {
        return providers;
    }

    /**
     * The provider for an id, or the best available one for {@code auto}.
     *
     * @throws UnavailableBackendException naming every provider and its state when none fits
     */
    public BackendProvider choose(String id) {
        if (AUTO.equals(id)) {
            for (BackendProvider p : providers) {
                if (p.availability().available()) {
                    LOG.debug("backend auto -> {}", p.id());
                    return p;
                }
            }
            throw new UnavailableBackendException("no backend is available here; " + describeAll());
        }
        for (BackendProvider p : providers) {
            if (p.id().equals(id)) {
                BackendProvider.Availability a = p.availability();
                if (!a.available()) {
                    throw new UnavailableBackendException("backend '" + id + "' is not available here: "
                            + a.reason() + "; " + describeAll());
                }
                return p;
            }
        }
        throw new UnavailableBackendException("unknown backend '" + id + "'; " + describeAll());
    }

    private String describeAll() {
        if (providers.isEmpty()) {
            return "no backend providers were found on the class path";
        }
        return "backends: " + providers.stream()
                .map(p -> p.id() + " (" + (p.availability().available() ? "available" : p.availability().reason()) + ")")
                .collect(Collectors.joining(", ")) + "; use --backend auto or one that is available";
    }

    /** Thrown when the requested backend cannot be used; the message is meant for the user. */
    public static final class UnavailableBackendException extends RuntimeException {
        public UnavailableBackendException(String message) {
            super(message);
        }
    }
}
