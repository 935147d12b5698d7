package io.deadwood.api.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbered checkpoint files in one folder: {@code checkpoint-000042.dwck}. Each is written to a
 * temporary file, flushed to disk and renamed into place; the two newest are kept, so the previous
 * good one survives until the new one is complete. Layout: magic {@code DWCKPT01}, UTF-8 JSON,
 * SHA-256 of everything before it. Loading takes the newest whose checksum holds and says why it
 * passed over any other.
 *
 * <p>For tests that kill a run while it writes: with the system property
 * {@code deadwood.checkpoint.pauseMillis} (or the environment variable
 * {@code DEADWOOD_CHECKPOINT_PAUSE_MS}) set, the writer prints {@code deadwood-checkpoint-writing}
 * to stderr after the first half of the bytes and sleeps that long before writing the rest.
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final byte[] MAGIC = "DWCKPT01".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.dwck");
    static final int KEEP = 2;
    public static final String WRITING_MARKER = "deadwood-checkpoint-writing";

    private final Path dir;
    private final long pauseMillis;
    private long next;

    /** A checkpoint that passed its checksum, and the newer ones that did not (with the reason). */
    public record Loaded(JsonNode state, Path file, List<String> rejected) {
    }

    public CheckpointStore(Path dir) {
        this.dir = dir;
        this.pauseMillis = pauseSetting();
        // The folder is made by the first write, so that a run which fails before its first
        // checkpoint leaves no empty folder behind.
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.toList()) if (p.getFileName().toString().endsWith(".tmp")) Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the checkpoint folder " + dir + ": " + e.getMessage(), e);
        }
        List<Long> seqs = sequences();
        this.next = seqs.isEmpty() ? 1 : seqs.getFirst() + 1;
    }

    private static long pauseSetting() {
        String v = System.getProperty("deadwood.checkpoint.pauseMillis", System.getenv("DEADWOOD_CHECKPOINT_PAUSE_MS"));
        if (v == null || v.isBlank()) return 0;
        return Long.parseLong(v.trim());
    }

    public Path folder() { return dir; }

    /** Checkpoint files present, newest first. */
    public List<Path> files() {
        return sequences().stream().map(this::file).toList();
    }

    private Path file(long seq) {
        return dir.resolve(String.format("checkpoint-%06d.dwck", seq));
    }

    private List<Long> sequences() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            List<Long> out = new ArrayList<>();
            for (Path p : s.toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) out.add(Long.parseLong(m.group(1)));
            }
            out.sort(Comparator.reverseOrder());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoint folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes every checkpoint (a fresh start). */
    public void clear() {
        try {
            for (Path p : files()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove old checkpoints in " + dir + ": " + e.getMessage(), e);
        }
        next = 1;
    }

    public void write(JsonNode state) {
        byte[] json;
        try {
            json = StateCodec.JSON.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = Arrays.copyOf(MAGIC, MAGIC.length + json.length + 32);
        System.arraycopy(json, 0, bytes, MAGIC.length, json.length);
        System.arraycopy(Sha256.of(bytes, MAGIC.length + json.length), 0, bytes, MAGIC.length + json.length, 32);
        Path target = file(next);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                int half = bytes.length / 2;
                writeFully(ch, ByteBuffer.wrap(bytes, 0, half));
                if (pauseMillis > 0) pause();
                writeFully(ch, ByteBuffer.wrap(bytes, half, bytes.length - half));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            next++;
            List<Long> seqs = sequences();
            for (int i = KEEP; i < seqs.size(); i++) Files.deleteIfExists(file(seqs.get(i)));
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next start removes it
            }
            throw new UncheckedIOException("cannot write checkpoint " + target + " (" + e.getMessage()
                    + "); the previous checkpoint is kept", e);
        }
    }

    private void pause() {
        LOG.warn("{}: pausing {} ms inside a checkpoint write, as asked for by a test", WRITING_MARKER, pauseMillis);
        try {
            Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /** The newest checkpoint whose checksum holds, or null when there is none at all. */
    public Loaded loadLatest() {
        List<String> rejected = new ArrayList<>();
        for (Path p : files()) {
            try {
                JsonNode state = read(p);
                for (String r : rejected) LOG.warn("{}; resuming from {}", r, p.getFileName());
                return new Loaded(state, p, List.copyOf(rejected));
            } catch (CheckpointException e) {
                rejected.add(e.getMessage());
            }
        }
        if (!rejected.isEmpty()) {
            throw new CheckpointException("no usable checkpoint in " + dir + ": " + String.join("; ", rejected)
                    + "; rerun with --fresh to start over");
        }
        return null;
    }

    /** Reads one checkpoint file, checking its magic and checksum. */
    public static JsonNode read(Path p) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + p + " cannot be read (" + e.getMessage() + ")");
        }
        if (bytes.length < MAGIC.length + 32 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new CheckpointException("checkpoint " + p + " is not a Deadwood checkpoint or is truncated");
        }
        int body = bytes.length - 32;
        if (!Arrays.equals(Sha256.of(bytes, body), Arrays.copyOfRange(bytes, body, bytes.length))) {
            throw new CheckpointException("checkpoint " + p + " fails its SHA-256 checksum (truncated or damaged)");
        }
        try {
            return StateCodec.JSON.readTree(new String(bytes, MAGIC.length, body - MAGIC.length, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + p + " has an unreadable body (" + e.getMessage() + ")");
        }
    }

}
