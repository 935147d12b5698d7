package io.deadwood.reproduce.cli;

import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "methods", mixinStandardHelpOptions = true,
        description = "List the pruning methods found (Deadwood's own and plugins), and any that failed to load.")
public final class MethodsCommand implements Callable<Integer> {

    @Mixin
    ListingOptions listing;

    record Row(String id, String description, String module, String version, Object defaultConfig) {
    }

    record Listing(List<Row> methods, List<PruningMethods.Broken> broken) {
    }

    private final MethodCatalog catalog;

    @Inject
    public MethodsCommand(MethodCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() throws Exception {
        PruningMethods found = catalog.methods(listing.plugins());
        List<Row> rows = new ArrayList<>();
        for (PruningMethod<?> m : found.all()) {
            rows.add(new Row(m.id(), m.description(), module(m), version(m), PruningMethods.toJson(m.defaultConfig())));
        }
        if (listing.printedJson(new Listing(rows, found.broken()))) return 0;
        for (Row r : rows) System.out.printf("%-18s %-34s %-10s %s%n", r.id(), r.module(), r.version(), r.description());
        for (PruningMethods.Broken b : found.broken()) System.out.printf("%-18s %s%n", "broken", b.describe());
        return 0;
    }

    /** The jar (or folder) the method was loaded from. */
    static String module(PruningMethod<?> m) {
        CodeSource src = m.getClass().getProtectionDomain().getCodeSource();
        URL url = src == null ? null : src.getLocation();
        if (url == null) return "unknown";
        String path = url.getPath();
        if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.endsWith(".jar")) name = name.substring(0, name.length() - 4);
        String version = m.getClass().getPackage().getImplementationVersion();
        return version != null && name.endsWith("-" + version) ? name.substring(0, name.length() - version.length() - 1) : name;
    }

    static String version(PruningMethod<?> m) {
        String v = m.getClass().getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }
}
