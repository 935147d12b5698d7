package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import io.deadwood.api.tensor.Tensor;
import java.util.Random;

/**
 * Seeded test data and float comparisons for the contract suite. Bounds are per element so that a
 * failure names the first element out of bounds together with its expected and actual values.
 */
final class Approx {
    /** Unit roundoff of float32. */
    static final double U = 0x1p-24;

    private Approx() {
    }

    static float[] uniform(Random r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextFloat();
        return a;
    }

    static float[] uniform(Random r, int n) {
        return uniform(r, n, -1f, 1f);
    }

    static Tensor tensor(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = 2f * r.nextFloat() - 1f;
        return t;
    }

    static Tensor abs(Tensor t) {
        Tensor a = t.copy();
        float[] d = a.data();
        for (int i = 0; i < d.length; i++) d[i] = Math.abs(d[i]);
        return a;
    }

    static float[] abs(float[] x) {
        float[] a = x.clone();
        for (int i = 0; i < a.length; i++) a[i] = Math.abs(a[i]);
        return a;
    }

    static double maxAbs(float[] x) {
        double m = 0;
        for (float v : x) m = Math.max(m, Math.abs(v));
        return m;
    }

    /**
     * Checks |actual - expected| <= bound[i] element by element. Two NaNs match (slots a routine
     * must leave alone may hold NaN); a NaN against a number does not.
     */
    static void assertWithin(String what, float[] expected, float[] actual, double[] bound) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + " != expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) && Float.isNaN(a)) continue;
                fail(what + ": element " + i + " is " + a + ", expected " + e);
            }
            double err = Math.abs((double) a - e);
            if (!(err <= bound[i])) {
                fail(what + ": element " + i + " is " + a + ", expected " + e + " (error " + err
                        + " > bound " + bound[i] + ")");
            }
        }
    }

    /** |actual - expected| <= abs + rel * |expected| for every element. */
    static void assertClose(String what, float[] expected, float[] actual, double rel, double abs) {
        double[] bound = new double[expected.length];
        for (int i = 0; i < bound.length; i++) bound[i] = abs + rel * Math.abs(expected[i]);
        assertWithin(what, expected, actual, bound);
    }

    /**
     * The rounding bound of a float sum of {@code terms} products whose absolute values add up to
     * magnitude[i]: terms * u * magnitude, with a factor of four to spare for the final scaling.
     */
    static double[] sumBound(float[] magnitude, long terms) {
        double[] bound = new double[magnitude.length];
        for (int i = 0; i < bound.length; i++) bound[i] = 4 * (terms + 2) * U * magnitude[i] + 1e-30;
        return bound;
    }

    static void assertBitEqual(String what, float[] first, float[] second) {
        for (int i = 0; i < first.length; i++) {
            if (Float.floatToRawIntBits(first[i]) != Float.floatToRawIntBits(second[i])) {
                fail(what + ": element " + i + " differs between two identical calls: " + first[i] + " vs " + second[i]);
            }
        }
    }
}
