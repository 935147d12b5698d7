package io.deadwood.reproduce.cli;

import io.deadwood.api.result.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the commands that list what was found (methods, data sets, control systems): --json and --plugins. */
public final class ListingOptions {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--plugins", paramLabel = "DIR", description = Plugins.OPTION_HELP)
    Path plugins;

    @Option(names = "--debug", hidden = true)
    boolean debug;

    /** The plugins folder asked for, or null for the default. */
    public Path plugins() { return plugins; }

    /** Prints the listing as JSON when --json was given, and says whether it did (the caller prints its table otherwise). */
    public boolean printedJson(Object listing) throws IOException {
        if (json) System.out.println(AtomicFiles.json().writeValueAsString(listing));
        return json;
    }
}
