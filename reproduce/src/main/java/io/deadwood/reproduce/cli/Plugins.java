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
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Third-party method jars: every {@code *.jar} in the plugins folder joins a class loader on top of
 * Deadwood's own, so a plugin is found without rebuilding anything. A folder named with
 * {@code --plugins} must exist; the default one ({@code ~/.deadwood/plugins}) may be absent. A jar
 * that cannot be opened stops the command: the class loader would skip it without a word, and the
 * user would only see that its methods are missing.
 */
public final class Plugins {
    /** The option's text, shared by every command that takes it. */
    public static final String OPTION_HELP = "Folder of plugin jars (it must exist). Default: ~/.deadwood/plugins, when there is one.";

    private Plugins() {
    }

    public static Path defaultFolder() {
        return Path.of(System.getProperty("user.home"), ".deadwood", "plugins");
    }

    /** {@code folder} as given with {@code --plugins}, or null for the default folder. */
    public static ClassLoader loader(Path folder) {
        ClassLoader parent = Plugins.class.getClassLoader();
        Path dir = folder != null ? folder : defaultFolder();
        if (!Files.exists(dir)) {
            if (folder == null) return parent;
            throw new UserError("the plugins folder " + dir + " does not exist; create it and put plugin jars in it, "
                    + "or give --plugins a folder that exists");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError("the plugins folder " + dir + " is a file, not a folder; "
                    + (folder == null ? "move it away" : "give --plugins the folder that holds the jars"));
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                checkJar(p, dir);
                jars.add(p.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new UserError("bad plugin path in " + dir + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read the plugins folder " + dir + ": " + e.getMessage());
        }
        return jars.isEmpty() ? parent : new URLClassLoader("deadwood-plugins", jars.toArray(URL[]::new), parent);
    }

    /** Opening the jar reads its central directory, which a truncated or damaged file lacks. */
    private static void checkJar(Path jar, Path dir) {
        try (JarFile f = new JarFile(jar.toFile())) {
            f.getManifest();
        } catch (IOException | SecurityException e) {
            throw new UserError("plugin jar " + jar + " failed to load: it is not a readable jar (" + e.getMessage()
                    + "); replace it with a good copy or remove it from " + dir);
        }
    }

    public static PruningMethods methods(Path folder) {
        return PruningMethods.discover(loader(folder));
    }
}
