package io.deadwood.api.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalizationTest {
    @Test
    void perChannelMeanAndStdOfPixelOver255() {
        // Two samples of 2 channels x 1x2: channel 0 holds 0, 255, 255, 0; channel 1 is constant 51.
        byte[] px = {0, (byte) 255, 51, 51, (byte) 255, 0, 51, 51};
        Dataset d = new Dataset("t", px, new int[] {0, 1}, 2, 1, 2, 2, List.of());
        Normalization n = Normalization.fromTraining(d);
        assertArrayEquals(new float[] {0.5f, 0.2f}, n.mean(), 1e-6f);
        assertArrayEquals(new float[] {0.5f, 1f}, n.std(), 1e-6f);
        assertEquals(-1f, n.normalise(0, 0), 1e-6f);
        assertEquals(1f, n.normalise(0, 255), 1e-6f);
        assertEquals(-1f, n.paddingValue(0), 1e-6f);
        assertEquals(0f, n.normalise(1, 51), 1e-6f);
    }

    @Test
    void matchesAReferenceComputation() {
        Dataset d = TestData.random(50, 3, 5, 4, 11);
        Normalization n = Normalization.fromTraining(d);
        int plane = 20;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < 50; i++) {
                for (int j = 0; j < plane; j++) {
                    double v = (d.pixels()[i * 60 + c * plane + j] & 0xff) / 255.0;
                    sum += v;
                    sq += v * v;
                }
            }
            double mean = sum / (50 * plane);
            assertEquals(mean, n.mean()[c], 1e-6);
            assertEquals(Math.sqrt(sq / (50 * plane) - mean * mean), n.std()[c], 1e-6);
        }
        assertEquals(n, Normalization.fromTraining(d));
    }

    @Test
    void appliesToOneSample() {
        Normalization n = new Normalization(new float[] {0.5f, 0f}, new float[] {0.25f, 1f});
        byte[] src = {9, 0, (byte) 255, 0, (byte) 255, 9};
        float[] dst = new float[6];
        n.apply(src, 1, 2, dst, 1);
        assertArrayEquals(new float[] {0, -2f, 2f, 0f, 1f, 0}, dst, 1e-6f);
    }

    @Test
    void validates() {
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[] {0}, new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[] {0}, new float[] {1, 1}));
        assertEquals(Normalization.identity(3), new Normalization(new float[3], new float[] {1, 1, 1}));
    }
}
