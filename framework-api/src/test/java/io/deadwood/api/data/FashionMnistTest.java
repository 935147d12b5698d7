package io.deadwood.api.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the installed Fashion-MNIST, when this machine has it. */
class FashionMnistTest {
    @Test
    void loadsTheInstalledDataSet() {
        Path dir = FashionMnist.SYSTEM_DIRECTORY;
        Assumptions.assumeTrue(Files.isDirectory(dir) && IdxDataset.missingFiles(dir).isEmpty(),
                "Fashion-MNIST is not installed in " + dir);
        DataSplits splits = FashionMnist.load(dir);
        Dataset train = splits.train();
        assertEquals(60_000, train.count());
        assertEquals(10_000, splits.test().count());
        assertArrayEquals(new int[] {1, 28, 28}, train.sampleShape());
        assertEquals(10, train.numClasses());
        int[] perClass = new int[10];
        for (int label : train.labels()) perClass[label]++;
        for (int c = 0; c < 10; c++) assertEquals(6_000, perClass[c]);
        assertEquals(4, train.sources().size() + splits.test().sources().size());

        Normalization n = Normalization.fromTraining(train);
        assertEquals(0.2860, n.mean()[0], 1e-3);
        assertEquals(0.3530, n.std()[0], 1e-3);

        // A whole augmented epoch must cost far less than the training it feeds.
        DataLoader loader = new DataLoader(train, 128, n, Augmentation.forSpec(FashionMnist.SPEC, true), true, true, 1);
        long start = System.nanoTime();
        int seen = 0;
        for (Iterator<Batch> it = loader.epoch(0); it.hasNext(); ) seen += it.next().size();
        long nanos = System.nanoTime() - start;
        assertEquals(loader.samplesPerEpoch(), seen);
        assertTrue(nanos < 3_000_000_000L, "one epoch of batches took " + nanos / 1_000_000 + " ms");
    }
}
