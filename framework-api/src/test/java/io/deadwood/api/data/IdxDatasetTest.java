package io.deadwood.api.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxDatasetTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void loadsFourFiles(boolean gzip) {
        TestData.writeMnistFolder(dir, 12, 5, 6, 7, 4, gzip);
        DataSplits splits = IdxDataset.load(dir, "toy");
        assertEquals("toy", splits.spec());
        Dataset train = splits.train();
        assertEquals(12, train.count());
        assertEquals(5, splits.test().count());
        assertArrayEquals(new int[] {1, 6, 7}, train.sampleShape());
        assertEquals(4, train.numClasses());
        assertArrayEquals(TestData.randomBytes(12 * 42, 1), train.pixels());
        assertArrayEquals(TestData.labels(12, 4), train.labels());
        assertEquals(2, train.sources().size());
        assertTrue(train.sources().get(0).path().endsWith("train-images-idx3-ubyte" + (gzip ? ".gz" : "")));
        assertEquals(64, train.sources().get(1).sha256().length());
    }

    @Test
    void acceptsDottedNames() throws Exception {
        TestData.writeMnistFolder(dir, 4, 3, 2, 2, 2, true);
        Files.move(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-images.idx3-ubyte.gz"));
        Files.move(dir.resolve("t10k-labels-idx1-ubyte.gz"), dir.resolve("t10k-labels.idx1-ubyte"));
        assertEquals(4, IdxDataset.load(dir, "dotted").train().count());
    }

    @Test
    void namesMissingFiles() throws Exception {
        TestData.writeMnistFolder(dir, 4, 3, 2, 2, 2, false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        DataException e = assertThrows(DataException.class, () -> IdxDataset.load(dir, "x"));
        assertTrue(e.getMessage().contains("missing t10k-labels-idx1-ubyte"), e.getMessage());
    }

    @Test
    void rejectsCountsThatDisagree() {
        TestData.writeMnistFolder(dir, 4, 3, 2, 2, 2, false);
        IdxWriter.writeLabels(dir.resolve("train-labels-idx1-ubyte"), TestData.labels(5, 2), false);
        DataException e = assertThrows(DataException.class, () -> IdxDataset.load(dir, "x"));
        assertTrue(e.getMessage().contains("holds 5 labels but train-images-idx3-ubyte holds 4 images"), e.getMessage());
    }

    @Test
    void rejectsLabelsOutOfRange() {
        TestData.writeMnistFolder(dir, 4, 3, 2, 2, 2, false);
        IdxWriter.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {0, 1, 12}, false);
        DataException e = assertThrows(DataException.class, () -> IdxDataset.load(dir, "x", 10));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte: label 12 at index 2 is outside 0..9"), e.getMessage());
        assertEquals(13, IdxDataset.load(dir, "inferred").test().numClasses());
    }

    @Test
    void rejectsSingleClass() {
        TestData.writeMnistFolder(dir, 4, 3, 2, 2, 1, false);
        DataException e = assertThrows(DataException.class, () -> IdxDataset.load(dir, "x"));
        assertTrue(e.getMessage().contains("only one class"), e.getMessage());
    }

    @Test
    void rejectsSwappedFiles() throws Exception {
        TestData.writeMnistFolder(dir, 4, 3, 2, 2, 2, false);
        Files.copy(dir.resolve("train-labels-idx1-ubyte"), dir.resolve("train-images-idx3-ubyte"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DataException e = assertThrows(DataException.class, () -> IdxDataset.load(dir, "x"));
        assertTrue(e.getMessage().contains("not images"), e.getMessage());
    }

    @Test
    void rejectsSplitsOfDifferentImageSize() {
        TestData.writeMnistFolder(dir, 4, 3, 2, 2, 2, false);
        IdxWriter.writeImages(dir.resolve("t10k-images-idx3-ubyte"), new byte[27], 3, 3, 3, false);
        DataException e = assertThrows(DataException.class, () -> IdxDataset.load(dir, "x"));
        assertTrue(e.getMessage().contains("images are 3x3 but the training images are 2x2"), e.getMessage());
    }

    @Test
    void rejectsAFileInsteadOfAFolder() {
        DataException e = assertThrows(DataException.class, () -> IdxDataset.load(dir.resolve("nope"), "x"));
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
    }
}
