package io.deadwood.api.data;

import io.deadwood.api.tensor.Tensor;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Turns a {@link Dataset} into normalised, optionally shuffled and augmented mini-batches. Byte
 * images become floats here, a batch at a time; real-valued inputs are standardised the same way.
 *
 * <p>Everything random is a function of (seed, epoch, position) alone: the order of epoch e is a
 * Fisher-Yates shuffle seeded from (seed, e), and the crop offset and flip of the sample at
 * position p are drawn from a hash of (seed, e, p). A run can therefore resume at any epoch and
 * get the same batches, whatever happened before.
 *
 * <p>To keep the training loop free of allocation, the loader owns one image tensor and one label
 * array per batch size (the full size, and the last partial one) and refills them: a batch is
 * valid only until the next call to {@code next()} on any iterator of this loader. A loader is
 * not thread-safe.
 */
public final class DataLoader implements BatchSource {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final Dataset data;
    private final int batchSize;
    private final Augmentation augmentation;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final Normalization normalization;
    private final float[][] tables;
    private final float[] padding;
    private final int batches;
    private final int samples;
    private Batch fullBatch;
    private Batch lastBatch;
    /** The order of epoch {@code orderEpoch}, which this loader's iterators share rather than each holding one. */
    private int[] order;
    private int orderEpoch;

    public DataLoader(Dataset data, int batchSize, Normalization normalization, Augmentation augmentation,
                      boolean shuffle, boolean dropLast, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (normalization.channels() != data.channels()) {
            throw new IllegalArgumentException("normalization has " + normalization.channels() + " channels but "
                    + data.name() + " has " + data.channels());
        }
        if (!augmentation.isNone() && data.inputType() != Dataset.InputType.UINT8) {
            throw new IllegalArgumentException(data.name() + " holds real-valued inputs; crop and flip augmentation is for byte images");
        }
        if (augmentation.cropPadding() > Math.min(data.height(), data.width())) {
            throw new IllegalArgumentException("cropPadding " + augmentation.cropPadding() + " exceeds the image size "
                    + data.height() + "x" + data.width());
        }
        this.data = data;
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        this.normalization = normalization;
        this.tables = normalization.lookupTables();
        this.padding = new float[data.channels()];
        for (int c = 0; c < padding.length; c++) padding[c] = normalization.paddingValue(c);
        int n = data.count();
        this.batches = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
        this.samples = dropLast ? batches * batchSize : n;
    }

    /** No shuffling, no augmentation, every sample: for evaluation. */
    public static DataLoader forEvaluation(Dataset data, int batchSize, Normalization normalization) {
        return new DataLoader(data, batchSize, normalization, Augmentation.none(), false, false, 0);
    }

    public Dataset dataset() { return data; }

    @Override
    public int batchesPerEpoch() { return batches; }

    @Override
    public int samplesPerEpoch() { return samples; }

    /** The sample indices of an epoch in the order they are served (length = count, before dropLast). */
    public int[] order(int epoch) {
        int[] order = new int[data.count()];
        shuffle(order, epoch);
        return order;
    }

    /**
     * The order of an epoch in the loader's own array. An epoch's order is a function of the epoch
     * alone, so an iterator whose epoch was overwritten by another's just has it computed again.
     */
    private int[] sharedOrder(int epoch) {
        if (order == null || orderEpoch != epoch) {
            if (order == null) order = new int[data.count()];
            shuffle(order, epoch);
            orderEpoch = epoch;
        }
        return order;
    }

    private void shuffle(int[] order, int epoch) {
        int n = order.length;
        for (int i = 0; i < n; i++) order[i] = i;
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(mix(mix(seed) + GOLDEN * (epoch + 1L)));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    @Override
    public Iterator<Batch> epoch(int epoch) {
        return new Iterator<>() {
            private int batch;

            @Override
            public boolean hasNext() {
                return batch < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
                int start = batch * batchSize;
                int size = Math.min(batchSize, data.count() - start);
                Batch out = buffer(size);
                fill(out, sharedOrder(epoch), start, epoch);
                batch++;
                return out;
            }
        };
    }

    private Batch buffer(int size) {
        if (size == batchSize) {
            if (fullBatch == null) fullBatch = newBatch(size);
            return fullBatch;
        }
        if (lastBatch == null) lastBatch = newBatch(size);
        return lastBatch;
    }

    private Batch newBatch(int size) {
        Tensor inputs = Tensor.zeros(size, data.channels(), data.height(), data.width());
        return data.targetKind() == Dataset.TargetKind.CLASSES ? new Batch(inputs, new int[size], size)
                : new Batch(inputs, null, new float[size * data.targetSize()], size);
    }

    private void fill(Batch out, int[] order, int start, int epoch) {
        float[] dst = out.images().data();
        int sampleSize = data.sampleSize();
        long epochKey = mix(mix(seed ^ GOLDEN) + epoch);
        for (int k = 0; k < out.size(); k++) {
            int index = order[start + k];
            if (out.labels() != null) {
                out.labels()[k] = data.labels()[index];
            } else {
                int t = data.targetSize();
                System.arraycopy(data.targets(), index * t, out.targets(), k * t, t);
            }
            int srcOffset = index * sampleSize;
            int dstOffset = k * sampleSize;
            if (data.inputType() == Dataset.InputType.FLOAT32) {
                copyReal(srcOffset, dst, dstOffset);
            } else if (augmentation.isNone()) {
                copyPlain(srcOffset, dst, dstOffset);
            } else {
                long h = mix(epochKey + GOLDEN * (start + k + 1L));
                int span = 2 * augmentation.cropPadding() + 1;
                int dy = (int) Long.remainderUnsigned(h, span) - augmentation.cropPadding();
                int dx = (int) Long.remainderUnsigned(h >>> 21, span) - augmentation.cropPadding();
                boolean flip = augmentation.horizontalFlip() && (h >>> 63) != 0;
                copyShifted(srcOffset, dst, dstOffset, dy, dx, flip);
            }
        }
    }

    private void copyPlain(int srcOffset, float[] dst, int dstOffset) {
        byte[] px = data.pixels();
        int plane = data.height() * data.width();
        for (int c = 0; c < tables.length; c++) {
            float[] table = tables[c];
            int s = srcOffset + c * plane;
            int d = dstOffset + c * plane;
            for (int j = 0; j < plane; j++) dst[d + j] = table[px[s + j] & 0xff];
        }
    }

    private void copyReal(int srcOffset, float[] dst, int dstOffset) {
        float[] x = data.inputs();
        int plane = data.height() * data.width();
        for (int c = 0; c < normalization.channels(); c++) {
            int s = srcOffset + c * plane;
            int d = dstOffset + c * plane;
            for (int j = 0; j < plane; j++) dst[d + j] = normalization.normaliseValue(c, x[s + j]);
        }
    }

    /**
     * out(y, x) = in(y + dy, x' + dx) with x' = x, or W-1-x when flipped; outside the source image
     * the value is the normalised black pixel, as if the image had been zero-padded before crop.
     */
    void copyShifted(int srcOffset, float[] dst, int dstOffset, int dy, int dx, boolean flip) {
        byte[] px = data.pixels();
        int h = data.height();
        int w = data.width();
        // Columns x whose source column lies inside the image: the same range with or without flip
        // once expressed in terms of x' (flip maps [lo, hi) of x' onto [W-hi, W-lo) of x).
        int lo = Math.max(0, -dx);
        int hi = Math.min(w, w - dx);
        for (int c = 0; c < tables.length; c++) {
            float[] table = tables[c];
            float pad = padding[c];
            int plane = c * h * w;
            for (int y = 0; y < h; y++) {
                int row = dstOffset + plane + y * w;
                int sy = y + dy;
                if (sy < 0 || sy >= h || lo >= hi) {
                    Arrays.fill(dst, row, row + w, pad);
                    continue;
                }
                int srcRow = srcOffset + plane + sy * w + dx;
                if (!flip) {
                    Arrays.fill(dst, row, row + lo, pad);
                    for (int x = lo; x < hi; x++) dst[row + x] = table[px[srcRow + x] & 0xff];
                    Arrays.fill(dst, row + hi, row + w, pad);
                } else {
                    Arrays.fill(dst, row, row + w - hi, pad);
                    for (int x = lo; x < hi; x++) dst[row + w - 1 - x] = table[px[srcRow + x] & 0xff];
                    Arrays.fill(dst, row + w - lo, row + w, pad);
                }
            }
        }
    }

    /** SplitMix64's finaliser: neighbouring inputs give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
