package io.deadwood.cpu;

import io.deadwood.api.backend.BackendProvider;

/** Prints what the provider says about the JVM it runs in; started in a child JVM by the provider test. */
public final class AvailabilityProbe {
    public static void main(String[] args) {
        BackendProvider.Availability a = new VectorCpuBackendProvider().availability();
        System.out.println("available=" + a.available() + " reason=" + a.reason());
    }
}
