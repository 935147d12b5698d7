package io.deadwood.testkit;

import io.deadwood.api.tensor.Tensor;
import java.util.SplittableRandom;

/** Seeded tensors for tests, including inputs that keep finite differences off ReLU kinks and pooling ties. */
public final class TestTensors {
    private TestTensors() {
    }

    /** Standard normal entries scaled by {@code std}. */
    public static Tensor gaussian(SplittableRandom rng, float std, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (rng.nextGaussian() * std);
        return t;
    }

    /** Uniform in [-1, 1]. */
    public static Tensor uniform(SplittableRandom rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (rng.nextDouble() * 2 - 1);
        return t;
    }

    /** Magnitude in [min, max] with a random sign: a perturbation below {@code min} never crosses zero. */
    public static Tensor awayFromZero(SplittableRandom rng, float min, float max, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            float m = (float) (min + rng.nextDouble() * (max - min));
            d[i] = rng.nextBoolean() ? m : -m;
        }
        return t;
    }

    /**
     * A random permutation of {@code spacing * (k - size/2)}: every pair of entries differs by at least
     * {@code spacing}, so a perturbation below spacing/2 never changes which entry is a maximum.
     */
    public static Tensor distinct(SplittableRandom rng, float spacing, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = spacing * (i - d.length / 2);
        for (int i = d.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float tmp = d[i];
            d[i] = d[j];
            d[j] = tmp;
        }
        return t;
    }
}
