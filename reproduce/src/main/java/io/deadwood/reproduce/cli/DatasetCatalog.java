package io.deadwood.reproduce.cli;

import io.deadwood.api.data.DatasetProviders;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data set registry: Deadwood's providers plus the plugin jars of a folder (through the same
 * class loader the methods are found with), found once per folder and shared by every run of the
 * process.
 */
@Singleton
public final class DatasetCatalog {
    private final Map<String, DatasetProviders> byFolder = new ConcurrentHashMap<>();

    public DatasetProviders datasets(Path plugins) {
        String key = plugins == null ? "" : plugins.toAbsolutePath().normalize().toString();
        return byFolder.computeIfAbsent(key, k -> DatasetProviders.discover(Plugins.loader(plugins)));
    }
}
