package io.deadwood.testkit;

import io.deadwood.api.data.Batch;
import io.deadwood.api.data.BatchSource;
import io.deadwood.api.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Synthetic, linearly separable test data (Gaussian blobs around well-spaced class centres), for
 * unit tests of the training loop only. The last batch of an epoch may be short.
 */
final class SyntheticBlobs implements BatchSource {
    private final float[] features;
    private final int[] labels;
    private final int count;
    private final int dim;
    private final int batchSize;
    private final long seed;

    /** Centres depend on centreSeed only, so a train and a test split share them. */
    SyntheticBlobs(int count, int dim, int classes, int batchSize, long centreSeed, long sampleSeed) {
        this.count = count;
        this.dim = dim;
        this.batchSize = batchSize;
        this.seed = sampleSeed;
        SplittableRandom centreRng = new SplittableRandom(centreSeed);
        float[][] centres = new float[classes][dim];
        for (float[] c : centres) for (int j = 0; j < dim; j++) c[j] = (float) (4 * gaussian(centreRng));
        SplittableRandom rng = new SplittableRandom(sampleSeed);
        features = new float[count * dim];
        labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = rng.nextInt(classes);
            for (int j = 0; j < dim; j++) features[i * dim + j] = centres[labels[i]][j] + (float) gaussian(rng);
        }
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    int[] labels() { return labels.clone(); }

    @Override public int batchesPerEpoch() { return (count + batchSize - 1) / batchSize; }
    @Override public int samplesPerEpoch() { return count; }

    @Override
    public Iterator<Batch> epoch(int epoch) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + epoch);
        for (int i = count - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Iterator<>() {
            private int next;

            @Override public boolean hasNext() { return next < count; }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int n = Math.min(batchSize, count - next);
                float[] x = new float[n * dim];
                int[] y = new int[n];
                for (int b = 0; b < n; b++) {
                    int s = order[next + b];
                    System.arraycopy(features, s * dim, x, b * dim, dim);
                    y[b] = labels[s];
                }
                next += n;
                return new Batch(Tensor.wrap(x, n, dim), y, n);
            }
        };
    }
}
