package io.deadwood.api.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {
    private static final Normalization ID1 = Normalization.identity(1);

    /** Sample index of every served image, read back from the indexed pixels. */
    private static List<Integer> servedIndices(DataLoader loader, int epoch) {
        List<Integer> served = new ArrayList<>();
        Iterator<Batch> it = loader.epoch(epoch);
        while (it.hasNext()) {
            Batch b = it.next();
            int sample = b.images().sampleSize();
            for (int k = 0; k < b.size(); k++) {
                int index = Math.round(b.images().get(k * sample) * 255);
                assertEquals(index % 10, b.labels()[k]);
                served.add(index);
            }
        }
        return served;
    }

    private static List<float[]> snapshot(DataLoader loader, int epoch) {
        List<float[]> out = new ArrayList<>();
        loader.epoch(epoch).forEachRemaining(b -> out.add(b.images().data().clone()));
        return out;
    }

    @Test
    void servesEverySampleOncePerEpoch() {
        DataLoader loader = new DataLoader(TestData.indexed(103, 1, 2, 3), 10, ID1, Augmentation.none(), true, false, 42);
        assertEquals(11, loader.batchesPerEpoch());
        assertEquals(103, loader.samplesPerEpoch());
        List<Integer> served = servedIndices(loader, 0);
        assertEquals(103, served.size());
        List<Integer> sorted = new ArrayList<>(served);
        sorted.sort(null);
        for (int i = 0; i < 103; i++) assertEquals(i, sorted.get(i));
        assertNotEquals(sorted, served);
    }

    @Test
    void orderDependsOnSeedAndEpochOnly() {
        Dataset d = TestData.indexed(200, 1, 2, 2);
        DataLoader a = new DataLoader(d, 16, ID1, Augmentation.none(), true, false, 7);
        DataLoader b = new DataLoader(d, 16, ID1, Augmentation.none(), true, false, 7);
        servedIndices(a, 0);
        servedIndices(a, 1);
        assertEquals(servedIndices(a, 3), servedIndices(b, 3));
        assertNotEquals(servedIndices(a, 3), servedIndices(a, 4));
        DataLoader other = new DataLoader(d, 16, ID1, Augmentation.none(), true, false, 8);
        assertNotEquals(servedIndices(a, 3), servedIndices(other, 3));
    }

    @Test
    void augmentedBatchesAreReproducible() {
        Dataset d = TestData.random(64, 3, 8, 8, 5);
        Normalization n = Normalization.fromTraining(d);
        DataLoader a = new DataLoader(d, 20, n, new Augmentation(4, true), true, false, 1);
        DataLoader b = new DataLoader(d, 20, n, new Augmentation(4, true), true, false, 1);
        snapshot(a, 0);
        List<float[]> first = snapshot(a, 2);
        List<float[]> second = snapshot(b, 2);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), second.get(i));
    }

    @Test
    void withoutShuffleTheOrderIsTheDatasetOrder() {
        DataLoader loader = DataLoader.forEvaluation(TestData.indexed(25, 1, 1, 1), 8, ID1);
        List<Integer> served = servedIndices(loader, 5);
        for (int i = 0; i < 25; i++) assertEquals(i, served.get(i));
    }

    @Test
    void dropLastSkipsThePartialBatch() {
        Dataset d = TestData.indexed(103, 1, 2, 3);
        DataLoader drop = new DataLoader(d, 10, ID1, Augmentation.none(), true, true, 3);
        assertEquals(10, drop.batchesPerEpoch());
        assertEquals(100, drop.samplesPerEpoch());
        List<Integer> served = servedIndices(drop, 0);
        assertEquals(100, served.size());
        assertEquals(100, served.stream().distinct().count());

        DataLoader keep = new DataLoader(d, 10, ID1, Augmentation.none(), false, false, 3);
        Iterator<Batch> it = keep.epoch(0);
        Batch last = null;
        while (it.hasNext()) last = it.next();
        assertEquals(3, last.size());
        assertArrayEquals(new int[] {3, 1, 2, 3}, last.images().shape());
        assertThrows(NoSuchElementException.class, it::next);

        assertEquals(0, new DataLoader(d, 200, ID1, Augmentation.none(), true, true, 3).batchesPerEpoch());
    }

    @Test
    void reusesOneBufferPerBatchSize() {
        DataLoader loader = new DataLoader(TestData.indexed(25, 1, 2, 2), 10, ID1, Augmentation.none(), true, false, 0);
        Iterator<Batch> it = loader.epoch(0);
        Batch first = it.next();
        assertArrayEquals(new int[] {10, 1, 2, 2}, first.images().shape());
        assertSame(first.images(), it.next().images());
        assertEquals(5, it.next().size());
        assertSame(first.images(), loader.epoch(1).next().images());
    }

    @Test
    void normalisesValues() {
        Dataset d = TestData.random(10, 3, 4, 4, 9);
        Normalization n = Normalization.fromTraining(d);
        Batch b = DataLoader.forEvaluation(d, 10, n).epoch(0).next();
        float[] expected = new float[d.pixels().length];
        for (int i = 0; i < 10; i++) n.apply(d.pixels(), i * 48, 16, expected, i * 48);
        assertArrayEquals(expected, b.images().data(), 1e-6f);
    }

    @Test
    void flipMirrorsRows() {
        // Sample 0 of 1x2x3 holds 0 1 2 / 3 4 5.
        byte[] px = {0, 1, 2, 3, 4, 5};
        Dataset d = new Dataset("f", px, new int[] {0}, 1, 2, 3, 2, List.of());
        DataLoader loader = DataLoader.forEvaluation(d, 1, ID1);
        float[] out = new float[6];
        loader.copyShifted(0, out, 0, 0, 0, true);
        assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3}, scaled(out), 1e-4f);
        loader.copyShifted(0, out, 0, 0, 0, false);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, scaled(out), 1e-4f);
    }

    @Test
    void cropShiftsAndPadsWithTheNormalisedBlack() {
        byte[] px = {10, 11, 12, 13, 14, 15};
        Dataset d = new Dataset("c", px, new int[] {0}, 1, 2, 3, 2, List.of());
        Normalization n = new Normalization(new float[] {0.5f}, new float[] {0.5f});
        DataLoader loader = DataLoader.forEvaluation(d, 1, n);
        float pad = n.paddingValue(0);
        assertEquals(-1f, pad, 1e-6f);
        float[] out = new float[6];
        loader.copyShifted(0, out, 0, 1, -1, false);
        assertArrayEquals(new float[] {pad, n.normalise(0, 13), n.normalise(0, 14), pad, pad, pad}, out, 1e-6f);
        loader.copyShifted(0, out, 0, -1, 1, true);
        // Shifted: row 0 is padding, row 1 is 11 12 pad; then mirrored.
        assertArrayEquals(new float[] {pad, pad, pad, pad, n.normalise(0, 12), n.normalise(0, 11)}, out, 1e-6f);
        loader.copyShifted(0, out, 0, 0, 3, false);
        for (float v : out) assertEquals(pad, v, 1e-6f);
    }

    @Test
    void augmentationFlipsAboutHalfAndShiftsWithinThePadding() {
        // One asymmetric image repeated: every output must be some shift (and maybe mirror) of it.
        int count = 400;
        int h = 5;
        int w = 6;
        byte[] one = TestData.randomBytes(h * w, 3);
        byte[] px = new byte[count * h * w];
        for (int i = 0; i < count; i++) System.arraycopy(one, 0, px, i * h * w, h * w);
        Dataset d = new Dataset("a", px, new int[count], 1, h, w, 2, List.of());
        DataLoader loader = new DataLoader(d, count, ID1, new Augmentation(2, true), true, false, 5);
        DataLoader reference = DataLoader.forEvaluation(d, 1, ID1);
        Batch b = loader.epoch(0).next();
        int flipped = 0;
        boolean shifted = false;
        float[] candidate = new float[h * w];
        for (int k = 0; k < count; k++) {
            float[] got = Arrays.copyOfRange(b.images().data(), k * h * w, (k + 1) * h * w);
            boolean matched = false;
            for (int f = 0; f < 2 && !matched; f++) {
                for (int dy = -2; dy <= 2 && !matched; dy++) {
                    for (int dx = -2; dx <= 2 && !matched; dx++) {
                        reference.copyShifted(0, candidate, 0, dy, dx, f == 1);
                        if (Arrays.equals(candidate, got)) {
                            matched = true;
                            flipped += f;
                            shifted |= dy != 0 || dx != 0;
                        }
                    }
                }
            }
            assertTrue(matched, "sample " + k + " is not a shift of the image");
        }
        assertTrue(shifted);
        assertTrue(flipped > 150 && flipped < 250, "flipped " + flipped + " of " + count);
    }

    @Test
    void validatesArguments() {
        Dataset d = TestData.indexed(4, 1, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(d, 0, ID1, Augmentation.none(), true, false, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new DataLoader(d, 2, Normalization.identity(3), Augmentation.none(), true, false, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new DataLoader(d, 2, ID1, new Augmentation(3, false), true, false, 0));
    }

    private static float[] scaled(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * 255;
        return out;
    }
}
