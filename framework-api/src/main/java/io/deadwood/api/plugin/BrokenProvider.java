package io.deadwood.api.plugin;

/**
 * A provider that could not be loaded: its class (as listed in the service file), the jar that
 * listed it, and why, so a listing such as {@code deadwood datasets} can tell the user which file
 * to fix or remove.
 */
public record BrokenProvider(String provider, String jar, String reason) {
}
