package io.deadwood.testkit;

import io.deadwood.api.data.Batch;
import io.deadwood.api.data.BatchSource;
import io.deadwood.api.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Learnable test images: each class is a fixed random pattern plus noise. For unit tests of the
 * machinery only; results on it are never reported as results on a data set.
 */
public final class SyntheticImages implements BatchSource {
    private final float[][] images;
    private final int[] labels;
    private final int[] shape;
    private final int batch;

    public SyntheticImages(int count, int classes, int[] shape, int batch, long seed) {
        this.shape = shape.clone();
        this.batch = batch;
        int size = shape[0] * shape[1] * shape[2];
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] patterns = new float[classes][size];
        for (float[] p : patterns) for (int i = 0; i < size; i++) p[i] = (float) rng.nextGaussian();
        images = new float[count][size];
        labels = new int[count];
        for (int n = 0; n < count; n++) {
            labels[n] = n % classes;
            for (int i = 0; i < size; i++) images[n][i] = patterns[labels[n]][i] + 0.5f * (float) rng.nextGaussian();
        }
    }

    @Override public int batchesPerEpoch() { return (labels.length + batch - 1) / batch; }
    @Override public int samplesPerEpoch() { return labels.length; }

    @Override
    public Iterator<Batch> epoch(int epoch) {
        return new Iterator<>() {
            int next;

            @Override public boolean hasNext() { return next < labels.length; }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int n = Math.min(batch, labels.length - next);
                Tensor x = Tensor.zeros(n, shape[0], shape[1], shape[2]);
                int[] y = new int[n];
                int size = x.sampleSize();
                for (int i = 0; i < n; i++) {
                    System.arraycopy(images[next + i], 0, x.data(), i * size, size);
                    y[i] = labels[next + i];
                }
                next += n;
                return new Batch(x, y, n);
            }
        };
    }

    /** The first images as one tensor, for checks that compare outputs. */
    public Tensor head(int n) {
        Tensor x = Tensor.zeros(n, shape[0], shape[1], shape[2]);
        for (int i = 0; i < n; i++) System.arraycopy(images[i], 0, x.data(), i * x.sampleSize(), x.sampleSize());
        return x;
    }
}
