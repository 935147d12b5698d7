package io.deadwood.api.data;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deadwood.api.FuzzContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the IDX reader and the four-file IDX data set: any file either loads or fails with a
 * {@link DataException}; nothing else escapes and nothing is allocated beyond what the file holds.
 * The first byte picks which of the four files the rest becomes and whether it is gzipped first
 * (so the fuzzer reaches the decoder's body, not only the gzip header); the other three files are
 * a valid two-image data set. Run with {@code bin/fuzz idx SECONDS}.
 */
class IdxFuzzTest {
    private static Path dir;

    @BeforeAll
    static void folder() throws IOException {
        dir = Files.createTempDirectory("idx-fuzz");
        for (int role = 0; role < 4; role++) restore(role);
    }

    @AfterAll
    static void clean() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    @FuzzTest
    void idx(FuzzedDataProvider in) throws IOException {
        int choice = in.consumeInt(0, 7);
        byte[] content = in.consumeRemainingAsBytes();
        int role = choice & 3;
        boolean gzip = (choice & 4) != 0;
        Path file = dir.resolve(IdxDataset.STANDARD_NAMES.get(role));
        Files.write(file, gzip ? gzip(content) : content);
        try {
            IdxReader.read(file);
        } catch (DataException refused) {
            FuzzContract.checkRefusal(refused);
        }
        try {
            IdxDataset.load(dir, "fuzz");
        } catch (DataException refused) {
            FuzzContract.checkRefusal(refused);
        } finally {
            restore(role);
        }
    }

    /** Puts back the valid file of a role: two 2x2 images (roles 0, 2) or their labels 0 and 1 (roles 1, 3). */
    private static void restore(int role) throws IOException {
        byte[] images = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8};
        byte[] labels = {0, 0, 8, 1, 0, 0, 0, 2, 0, 1};
        Files.write(dir.resolve(IdxDataset.STANDARD_NAMES.get(role)), role % 2 == 0 ? images : labels);
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
