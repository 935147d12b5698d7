package io.deadwood.reproduce.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The --out folder, checked before any work starts so that a long run does not fail at its end,
 * and removed again if the run created it and then wrote nothing into it.
 */
public final class OutputFolder {
    private final Path dir;
    private final boolean created;

    private OutputFolder(Path dir, boolean created) {
        this.dir = dir;
        this.created = created;
    }

    public static OutputFolder prepare(Path dir) {
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

    /**
     * Holds {@code DIR/.lock} for the life of a run so a second run on the same folder refuses
     * instead of interleaving its files; the operating system drops the lock if the process dies.
     */
    public AutoCloseable lock() {
        Path file = dir.resolve(".lock");
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new UserError(dir + " is in use by another Deadwood run; wait for it to finish or choose another --out");
            }
            FileLock held = lock;
            return () -> {
                held.release();
                ch.close();
                Files.deleteIfExists(file);
            };
        } catch (IOException e) {
            throw new UserError("cannot lock the output folder " + dir + " (" + e.getMessage() + "); choose a writable --out");
        }
    }

    /** A run's body, which may throw anything. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work} holding the folder's lock; when it fails, the folder goes again if the run
     * created it and wrote nothing (a checked exception comes back wrapped).
     */
    public <T> T locked(Work<T> work) {
        try (AutoCloseable lock = lock()) {
            return work.run();
        } catch (RuntimeException e) {
            discardIfEmpty();
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Called when the run failed before writing anything: leave no empty folder behind. */
    public void discardIfEmpty() {
        if (!created) return;
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort: an empty folder is harmless
        }
    }
}
