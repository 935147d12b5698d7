package io.deadwood.api.backend;

import java.util.List;

/**
 * Discovered with {@link java.util.ServiceLoader}. A provider never throws to say it cannot run
 * here: it answers through {@link #availability()}.
 */
public interface BackendProvider {

    /** Stable id used on the command line ({@code [a-z0-9-]+}). */
    String id();

    /** Higher ranks win when the user asks for {@code auto}. */
    int rank();

    String description();

    Availability availability();

    /** Devices this backend can run on here (empty when unavailable). */
    List<String> devices();

    /** Opens a backend with the given thread count (0 = the provider's default). */
    ComputeBackend open(int threads);

    /** Whether a provider can run here, and why not when it cannot. */
    record Availability(boolean available, String reason) {
        public static Availability yes() { return new Availability(true, "available"); }
        public static Availability no(String reason) { return new Availability(false, reason); }
    }
}
