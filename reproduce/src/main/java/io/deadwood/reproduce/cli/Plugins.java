package io.deadwood.reproduce.cli;

import io.deadwood.api.prune.PruningMethods;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Third-party method jars: every {@code *.jar} in the plugins folder joins a class loader on top of
 * Deadwood's own, so a plugin is found without rebuilding anything.
 */
public final class Plugins {
    private Plugins() {
    }

    public static Path defaultFolder() {
        return Path.of(System.getProperty("user.home"), ".deadwood", "plugins");
    }

    public static ClassLoader loader(Path folder) {
        ClassLoader parent = Plugins.class.getClassLoader();
        if (folder == null || !Files.isDirectory(folder)) return parent;
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(p.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new UserError("bad plugin path in " + folder + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read the plugins folder " + folder + ": " + e.getMessage());
        }
        return jars.isEmpty() ? parent : new URLClassLoader("deadwood-plugins", jars.toArray(URL[]::new), parent);
    }

    public static PruningMethods methods(Path folder) {
        return PruningMethods.discover(loader(folder));
    }
}
