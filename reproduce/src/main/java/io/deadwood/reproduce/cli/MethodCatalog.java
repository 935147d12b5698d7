package io.deadwood.reproduce.cli;

import io.deadwood.api.data.DatasetProviders;
import io.deadwood.api.model.Models;
import io.deadwood.api.prune.PruningMethods;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plugin registries: Deadwood's methods, model families and data sets plus the plugin jars of a folder,
 * found once per folder through one class loader (so a plugin's method and model see the same
 * classes) and shared by every run of the process (a suite runs many).
 */
@Singleton
public final class MethodCatalog {
    private final Map<String, ClassLoader> loaders = new ConcurrentHashMap<>();
    private final Map<String, PruningMethods> methods = new ConcurrentHashMap<>();
    private final Map<String, Models> models = new ConcurrentHashMap<>();
    private final Map<String, DatasetProviders> datasets = new ConcurrentHashMap<>();

    public ClassLoader loader(Path plugins) {
        return loaders.computeIfAbsent(key(plugins), k -> Plugins.loader(plugins));
    }

    public PruningMethods methods(Path plugins) {
        return methods.computeIfAbsent(key(plugins), k -> PruningMethods.discover(loader(plugins)));
    }

    public Models models(Path plugins) {
        return models.computeIfAbsent(key(plugins), k -> Models.discover(loader(plugins)));
    }

    public DatasetProviders datasets(Path plugins) {
        return datasets.computeIfAbsent(key(plugins), k -> DatasetProviders.discover(loader(plugins)));
    }

    private static String key(Path plugins) {
        return plugins == null ? "" : plugins.toAbsolutePath().normalize().toString();
    }
}
