package io.deadwood.reproduce.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The --out folder, checked before any work starts so that a long run does not fail at its end,
 * and removed again if the run created it and then wrote nothing into it.
 */
final class OutputFolder {
    private final Path dir;
    private final boolean created;

    private OutputFolder(Path dir, boolean created) {
        this.dir = dir;
        this.created = created;
    }

    static OutputFolder prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("--out " + dir + " is a file, not a folder; choose another path");
        }
        boolean existed = Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("cannot create the output folder " + dir + " (" + e.getMessage()
                    + "); choose a writable path for --out");
        }
        if (!Files.isWritable(dir)) {
            throw new UserError("the output folder " + dir + " is not writable; choose a writable path for --out");
        }
        return new OutputFolder(dir, !existed);
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Called when the run failed before writing anything: leave no empty folder behind. */
    void discardIfEmpty() {
        if (!created) return;
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort: an empty folder is harmless
        }
    }
}
