package io.deadwood.api.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CifarReaderTest {
    private static final int P = CifarReader.PIXELS;

    @TempDir
    Path dir;

    /** Batch b of CIFAR-10 holds b + 1 images, so that the file order is visible in the result. */
    private void writeCifar10(Path folder) throws Exception {
        Files.createDirectories(folder);
        for (int b = 1; b <= 5; b++) {
            int n = b + 1;
            CifarWriter.writeCifar10(folder.resolve("data_batch_" + b + ".bin"), TestData.randomBytes(n * P, b),
                    TestData.labels(n, 10));
        }
        CifarWriter.writeCifar10(folder.resolve("test_batch.bin"), TestData.randomBytes(3 * P, 9), new int[] {9, 0, 5});
    }

    @Test
    void readsCifar10() throws Exception {
        writeCifar10(dir);
        DataSplits splits = CifarReader.loadCifar10(dir, "cifar10:" + dir);
        Dataset train = splits.train();
        assertEquals(2 + 3 + 4 + 5 + 6, train.count());
        assertArrayEquals(new int[] {3, 32, 32}, train.sampleShape());
        assertEquals(10, train.numClasses());
        assertArrayEquals(TestData.randomBytes(2 * P, 1), Arrays.copyOf(train.pixels(), 2 * P));
        assertArrayEquals(TestData.randomBytes(6 * P, 5), Arrays.copyOfRange(train.pixels(), 14 * P, 20 * P));
        assertArrayEquals(new int[] {0, 1, 0, 1, 2}, Arrays.copyOf(train.labels(), 5));
        assertArrayEquals(new int[] {9, 0, 5}, splits.test().labels());
        assertEquals(5, train.sources().size());
        assertEquals(3L * (P + 1), splits.test().sources().get(0).bytes());
    }

    @Test
    void findsTheStandardSubfolder() throws Exception {
        writeCifar10(dir.resolve("cifar-10-batches-bin"));
        assertEquals(20, CifarReader.loadCifar10(dir, "c").train().count());
    }

    @Test
    void readsCifar100FineLabels() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("cifar-100-binary"));
        CifarWriter.writeCifar100(folder.resolve("train.bin"), TestData.randomBytes(4 * P, 1),
                new int[] {19, 0, 3, 4}, new int[] {99, 0, 42, 7});
        CifarWriter.writeCifar100(folder.resolve("test.bin"), TestData.randomBytes(2 * P, 2),
                new int[] {1, 2}, new int[] {3, 4});
        DataSplits splits = CifarReader.loadCifar100(dir, "cifar100:" + dir);
        assertEquals(100, splits.train().numClasses());
        assertArrayEquals(new int[] {99, 0, 42, 7}, splits.train().labels());
        assertArrayEquals(TestData.randomBytes(2 * P, 2), splits.test().pixels());
    }

    @Test
    void rejectsTruncatedFile() throws Exception {
        writeCifar10(dir);
        Path batch = dir.resolve("data_batch_3.bin");
        byte[] bytes = Files.readAllBytes(batch);
        Files.write(batch, Arrays.copyOf(bytes, bytes.length - 100));
        DataException e = assertThrows(DataException.class, () -> CifarReader.loadCifar10(dir, "c"));
        assertTrue(e.getMessage().startsWith(batch + ": truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("records of 3073 bytes"), e.getMessage());
    }

    @Test
    void rejectsExtraBytes() throws Exception {
        writeCifar10(dir);
        Files.write(dir.resolve("test_batch.bin"), new byte[] {1}, StandardOpenOption.APPEND);
        DataException e = assertThrows(DataException.class, () -> CifarReader.loadCifar10(dir, "c"));
        assertTrue(e.getMessage().contains("test_batch.bin: truncated"), e.getMessage());
    }

    @Test
    void rejectsBadLabels() throws Exception {
        writeCifar10(dir);
        CifarWriter.writeCifar10(dir.resolve("test_batch.bin"), new byte[2 * P], new int[] {3, 10});
        DataException e = assertThrows(DataException.class, () -> CifarReader.loadCifar10(dir, "c"));
        assertTrue(e.getMessage().contains("test_batch.bin: label 10 of record 1 is outside 0..9"), e.getMessage());
    }

    @Test
    void rejectsBadCifar100Labels() throws Exception {
        CifarWriter.writeCifar100(dir.resolve("train.bin"), new byte[P], new int[] {0}, new int[] {100});
        CifarWriter.writeCifar100(dir.resolve("test.bin"), new byte[P], new int[] {20}, new int[] {1});
        DataException e = assertThrows(DataException.class, () -> CifarReader.loadCifar100(dir, "c"));
        assertTrue(e.getMessage().contains("label 100 of record 0 is outside 0..99"), e.getMessage());
        CifarWriter.writeCifar100(dir.resolve("train.bin"), new byte[P], new int[] {0}, new int[] {99});
        e = assertThrows(DataException.class, () -> CifarReader.loadCifar100(dir, "c"));
        assertTrue(e.getMessage().contains("coarse label 20"), e.getMessage());
    }

    @Test
    void namesMissingFiles() throws Exception {
        writeCifar10(dir);
        Files.delete(dir.resolve("data_batch_4.bin"));
        DataException e = assertThrows(DataException.class, () -> CifarReader.loadCifar10(dir, "c"));
        assertTrue(e.getMessage().contains("missing data_batch_4.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("cifar-10-batches-bin"), e.getMessage());
    }
}
