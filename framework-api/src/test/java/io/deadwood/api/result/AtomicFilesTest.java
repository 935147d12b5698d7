package io.deadwood.api.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void replacesWholeFileAndLeavesNoTemporaries(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("result.json");
        AtomicFiles.writeJson(f, Map.of("a", 1));
        AtomicFiles.writeJson(f, Map.of("a", 2));
        assertEquals(2, AtomicFiles.json().readTree(f.toFile()).get("a").asInt());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void unwritableTargetKeepsOldContentAndNamesTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("result.json");
        AtomicFiles.write(f, "old".getBytes());
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file, not a folder");
        var e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(blocked.resolve("x.json"), new byte[1]));
        assertTrue(e.getMessage().contains("x.json"), e.getMessage());
        assertEquals("old", Files.readString(f));
    }
}
