package io.deadwood.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Real-valued inputs and targets travel through the same record and loader as byte images. */
class RealValuedDataTest {

    /** Sample i is (i, 10 + 2i, -i) with label i % 2. */
    private static Dataset vectors(int n) {
        float[] x = new float[n * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[3 * i] = i;
            x[3 * i + 1] = 10 + 2 * i;
            x[3 * i + 2] = -i;
            y[i] = i % 2;
        }
        return Dataset.classification("vectors", x, new int[] {3}, y, 2, List.of());
    }

    @Test
    void aVectorIsSeenAsChannelsOfOnePixel() {
        Dataset d = vectors(4);
        assertEquals(Dataset.InputType.FLOAT32, d.inputType());
        assertEquals(Dataset.TargetKind.CLASSES, d.targetKind());
        assertArrayEquals(new int[] {3}, d.shape());
        assertArrayEquals(new int[] {3, 1, 1}, d.sampleShape());
        assertEquals(2, d.outputs());
        assertThrows(IllegalStateException.class, d::pixels);
        assertArrayEquals(new int[] {1, 4, 5}, Dataset.classification("m", new float[20], new int[] {4, 5}, new int[] {0},
                2, List.of()).sampleShape());
    }

    @Test
    void eachFeatureIsStandardisedOnItsOwn() {
        Dataset d = vectors(4);
        Normalization n = Normalization.fromTraining(d);
        assertArrayEquals(new float[] {1.5f, 13f, -1.5f}, n.mean());
        assertEquals((float) Math.sqrt(1.25), n.std()[0]);
        assertEquals((float) Math.sqrt(5), n.std()[1]);
        DataLoader loader = DataLoader.forEvaluation(d, 4, n);
        Batch b = loader.epoch(0).next();
        assertArrayEquals(new int[] {4, 3, 1, 1}, b.images().shape());
        assertArrayEquals(new int[] {0, 1, 0, 1}, b.labels());
        assertNull(b.targets());
        assertEquals(n.normaliseValue(1, 12f), b.images().data()[4]);
        double mean = 0;
        for (int i = 0; i < 4; i++) mean += b.images().data()[3 * i + 1];
        assertEquals(0, mean / 4, 1e-6);
    }

    @Test
    void regressionTargetsFollowTheirSamplesThroughAShuffle() {
        int n = 10;
        float[] x = new float[n * 2], t = new float[n * 2];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 1;
            t[2 * i] = 100 + i;
            t[2 * i + 1] = -i;
        }
        Dataset d = Dataset.regression("reg", x, new int[] {2}, t, 2, List.of());
        assertEquals(Dataset.TargetKind.VALUES, d.targetKind());
        assertEquals(0, d.numClasses());
        assertEquals(2, d.outputs());
        Normalization norm = Normalization.fromTraining(d);
        DataLoader loader = new DataLoader(d, 4, norm, Augmentation.none(), true, false, 7);
        int seen = 0;
        for (var it = loader.epoch(3); it.hasNext(); ) {
            Batch b = it.next();
            assertNull(b.labels());
            for (int k = 0; k < b.size(); k++) {
                float raw = b.images().data()[2 * k] * norm.std()[0] + norm.mean()[0];
                int i = Math.round(raw);
                assertEquals(100 + i, b.targets()[2 * k]);
                assertEquals(-i, b.targets()[2 * k + 1]);
                seen++;
            }
        }
        assertEquals(n, seen);
        Dataset tail = d.tail(3);
        assertArrayEquals(new float[] {107, -7, 108, -8, 109, -9}, tail.targets());
        assertEquals(7, d.withoutTail(3).count());
    }

    @Test
    void badRealValuedDataIsRefusedByName() {
        var nan = assertThrows(IllegalArgumentException.class, () -> Dataset.classification("bad", new float[] {1, Float.NaN},
                new int[] {1}, new int[] {0, 1}, 2, List.of()));
        assertTrue(nan.getMessage().contains("bad: input value 1"), nan.getMessage());
        var size = assertThrows(IllegalArgumentException.class, () -> Dataset.classification("bad", new float[5],
                new int[] {2}, new int[] {0, 1}, 2, List.of()));
        assertTrue(size.getMessage().contains("need 4 input values, got 5"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.classification("bad", new float[16],
                new int[] {2, 2, 2, 2}, new int[] {0, 1}, 2, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Dataset.regression("bad", new float[2], new int[] {1},
                new float[] {0, Float.POSITIVE_INFINITY}, 1, List.of()));
        var augment = assertThrows(IllegalArgumentException.class, () -> new DataLoader(vectors(4), 2,
                Normalization.identity(3), new Augmentation(1, false), true, false, 1));
        assertTrue(augment.getMessage().contains("real-valued"), augment.getMessage());
    }
}
