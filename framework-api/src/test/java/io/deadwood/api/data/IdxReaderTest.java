package io.deadwood.api.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static final IdxArray IMAGES = new IdxArray(new int[] {5, 4, 3}, TestData.randomBytes(60, 7));

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTrips(boolean gzip) throws Exception {
        Path file = dir.resolve("images");
        IdxWriter.write(file, IMAGES, gzip);
        IdxArray read = IdxReader.read(file);
        assertArrayEquals(IMAGES.dims(), read.dims());
        assertArrayEquals(IMAGES.data(), read.data());
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(bytes.length, read.source().bytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), read.source().sha256());
        assertEquals(file.toString(), read.source().path());
    }

    @Test
    void detectsGzipByContentNotName() {
        Path gzNamedRaw = dir.resolve("a.gz");
        Path rawNamedPlain = dir.resolve("b");
        IdxWriter.write(gzNamedRaw, IMAGES, false);
        IdxWriter.write(rawNamedPlain, IMAGES, true);
        assertArrayEquals(IMAGES.data(), IdxReader.read(gzNamedRaw).data());
        assertArrayEquals(IMAGES.data(), IdxReader.read(rawNamedPlain).data());
    }

    @Test
    void rejectsWrongMagic() {
        byte[] bytes = IdxWriter.encode(IMAGES);
        bytes[0] = 0x50;
        bytes[1] = 0x4b;
        Path file = TestData.write(dir.resolve("zip"), bytes);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    }

    @Test
    void rejectsOtherElementTypes() {
        byte[] bytes = IdxWriter.encode(IMAGES);
        bytes[2] = 0x0D;
        Path file = TestData.write(dir.resolve("floats"), bytes);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("0x0d"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedData(boolean gzip) {
        byte[] raw = IdxWriter.encode(IMAGES);
        byte[] cut = Arrays.copyOf(raw, raw.length - 7);
        Path file = TestData.write(dir.resolve("cut"), gzip ? TestData.gzip(cut) : cut);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("truncated: header says 5 items of 4x3 (60 bytes) but the file holds 53 bytes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("re-download"), e.getMessage());
    }

    @Test
    void rejectsCutGzipStream() {
        byte[] gz = TestData.gzip(IdxWriter.encode(IMAGES));
        Path file = TestData.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 12));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsTruncatedHeader() {
        Path file = TestData.write(dir.resolve("short"), new byte[] {0, 0, 8, 3, 0, 0, 0, 5});
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("header declares 3 dimensions but ends early"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectsTrailingBytes(boolean gzip) {
        byte[] raw = IdxWriter.encode(IMAGES);
        byte[] longer = Arrays.copyOf(raw, raw.length + 3);
        Path file = TestData.write(dir.resolve("long"), gzip ? TestData.gzip(longer) : longer);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("3 unexpected bytes after the data"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveDimension() {
        byte[] bytes = IdxWriter.encode(IMAGES);
        ByteBuffer.wrap(bytes).putInt(8, 0);
        Path file = TestData.write(dir.resolve("zero"), bytes);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("dimension 1 is 0"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hugeClaimOnTinyFileFailsBeforeAllocating(boolean gzip) {
        // 2e9 bytes claimed: allocating it would be possible with a large heap, so measure instead.
        ByteBuffer header = ByteBuffer.allocate(16).put(new byte[] {0, 0, 8, 3}).putInt(20_000).putInt(10_000).putInt(10);
        byte[] raw = Arrays.copyOf(header.array(), 100);
        Path file = TestData.write(dir.resolve("huge"), gzip ? TestData.gzip(raw) : raw);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes");
        assertTrue(e.getMessage().contains("20000 items of 10000x10"), e.getMessage());
    }

    @Test
    void rejectsClaimBeyondArrayLimit() {
        ByteBuffer header = ByteBuffer.allocate(12).put(new byte[] {0, 0, 8, 2}).putInt(100_000).putInt(100_000);
        Path file = TestData.write(dir.resolve("beyond"), header.array());
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("more than one array can hold"), e.getMessage());
    }

    @Test
    void missingFileIsADataException() {
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
