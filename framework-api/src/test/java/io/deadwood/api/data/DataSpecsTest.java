package io.deadwood.api.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSpecsTest {
    @TempDir
    Path dir;

    @Test
    void unknownSpecListsTheAcceptedForms() {
        DataException e = assertThrows(DataException.class, () -> DataSpecs.load("mnist"));
        assertEquals("unknown data set 'mnist'; available: cifar10:DIR, cifar100:DIR, fashion-mnist[:DIR], idx:DIR"
                + " (see 'deadwood datasets')", e.getMessage());
        assertThrows(DataException.class, () -> DataSpecs.validate("cifar:foo"));
    }

    @Test
    void validatesWithoutTouchingTheDisk() {
        assertEquals("fashion-mnist", DataSpecs.validate(null));
        assertEquals("fashion-mnist", DataSpecs.validate(" "));
        assertEquals("idx:/no/such/dir", DataSpecs.validate("idx:/no/such/dir"));
        assertEquals("cifar100:x", DataSpecs.validate(" cifar100:x "));
        DataException e = assertThrows(DataException.class, () -> DataSpecs.validate("cifar10:"));
        assertTrue(e.getMessage().contains("names no folder"), e.getMessage());
    }

    @Test
    void tellsCifarApart() {
        assertTrue(DataSpecs.isCifar("cifar10:/data"));
        assertTrue(DataSpecs.isCifar("cifar100:/data"));
        assertFalse(DataSpecs.isCifar("fashion-mnist"));
        assertFalse(DataSpecs.isCifar("idx:/data/cifar10"));
        assertFalse(DataSpecs.isCifar(null));
    }

    @Test
    void loadsIdxAndCifarFolders() throws Exception {
        Path idx = Files.createDirectories(dir.resolve("idx"));
        TestData.writeMnistFolder(idx, 6, 2, 3, 3, 3, true);
        DataSplits splits = DataSpecs.load("idx:" + idx);
        assertEquals("idx:" + idx, splits.spec());
        assertEquals(6, splits.train().count());

        Path cifar = Files.createDirectories(dir.resolve("c").resolve("cifar-100-binary"));
        int p = CifarReader.PIXELS;
        CifarWriter.writeCifar100(cifar.resolve("train.bin"), new byte[2 * p], new int[] {0, 1}, new int[] {5, 6});
        CifarWriter.writeCifar100(cifar.resolve("test.bin"), new byte[p], new int[] {0}, new int[] {7});
        assertEquals(100, DataSpecs.load("cifar100:" + dir.resolve("c")).test().numClasses());
    }

    @Test
    void augmentationDefaultsFollowTheSpec() {
        assertEquals(new Augmentation(4, true), Augmentation.forSpec("cifar10:/d", true));
        assertEquals(new Augmentation(2, false), Augmentation.forSpec("fashion-mnist", true));
        assertEquals(new Augmentation(2, false), Augmentation.forSpec("idx:/d", true));
        assertTrue(Augmentation.forSpec("cifar100:/d", false).isNone());
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, false));
    }

    @Test
    void fashionMnistLocation() throws Exception {
        assertEquals(FashionMnist.SYSTEM_DIRECTORY, FashionMnist.directoryFor(null));
        assertEquals(FashionMnist.SYSTEM_DIRECTORY, FashionMnist.directoryFor(""));
        assertEquals(dir, FashionMnist.directoryFor(dir.toString()));
        Path nested = Files.createDirectories(dir.resolve("fashion-mnist"));
        assertEquals(nested, FashionMnist.directoryFor(dir.toString()));
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt() {
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("install it with `apt-get install -y dataset-fashion-mnist` (as root) "
                + "or set DEADWOOD_DATA to a folder with the four IDX files"), e.getMessage());
        e = assertThrows(DataException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("lacks train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void fashionMnistRequiresTenClasses() {
        TestData.writeMnistFolder(dir, 4, 2, 2, 2, 2, false);
        IdxWriter.writeLabels(dir.resolve("train-labels-idx1-ubyte"), new int[] {0, 1, 10, 3}, false);
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("label 10 at index 2 is outside 0..9"), e.getMessage());
    }
}
