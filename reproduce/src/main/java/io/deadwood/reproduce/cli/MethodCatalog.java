package io.deadwood.reproduce.cli;

import io.deadwood.api.prune.PruningMethods;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The method registry: Deadwood's methods plus the plugin jars of a folder, found once per folder
 * and shared by every run of the process (a suite runs many).
 */
@Singleton
public final class MethodCatalog {
    private final Map<String, PruningMethods> byFolder = new ConcurrentHashMap<>();

    public PruningMethods methods(Path plugins) {
        String key = plugins == null ? "" : plugins.toAbsolutePath().normalize().toString();
        return byFolder.computeIfAbsent(key, k -> Plugins.methods(plugins));
    }
}
