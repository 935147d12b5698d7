package io.deadwood.api.data;

import java.util.Arrays;

/**
 * Per-channel standardisation of inputs: {@code (pixel / 255 - mean[c]) / std[c]} for byte images,
 * {@code (x - mean[c]) / std[c]} for real-valued inputs (a byte's value is {@code pixel / 255}). The
 * statistics come from the training split only, so that the test split does not leak into training.
 */
public record Normalization(float[] mean, float[] std) {
    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean and std need one value per channel, got "
                    + mean.length + " and " + std.length);
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Float.isFinite(mean[c])) throw new IllegalArgumentException("mean[" + c + "] is " + mean[c]);
            if (!(std[c] > 0) || !Float.isFinite(std[c])) {
                throw new IllegalArgumentException("std[" + c + "] is " + std[c] + "; it must be positive");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** pixel / 255, nothing else. */
    public static Normalization identity(int channels) {
        float[] zero = new float[channels];
        float[] one = new float[channels];
        Arrays.fill(one, 1f);
        return new Normalization(zero, one);
    }

    /**
     * Mean and (population) standard deviation of pixel / 255 per channel over a split. Sums are
     * exact integers, so the result does not depend on summation order. A constant channel gets
     * std 1 rather than a division by zero.
     */
    public static Normalization fromTraining(Dataset train) {
        if (train.inputType() == Dataset.InputType.FLOAT32) return fromRealValued(train);
        int channels = train.channels();
        int plane = train.height() * train.width();
        long[] sum = new long[channels];
        long[] sumSquares = new long[channels];
        byte[] px = train.pixels();
        int sample = train.sampleSize();
        for (int i = 0; i < train.count(); i++) {
            for (int c = 0; c < channels; c++) {
                int from = i * sample + c * plane;
                long s = 0;
                long q = 0;
                for (int j = from; j < from + plane; j++) {
                    int v = px[j] & 0xff;
                    s += v;
                    q += v * v;
                }
                sum[c] += s;
                sumSquares[c] += q;
            }
        }
        double n = (double) train.count() * plane;
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            if (n == 0) {
                std[c] = 1f;
                continue;
            }
            double m = sum[c] / n;
            double variance = Math.max(0, sumSquares[c] / n - m * m);
            mean[c] = (float) (m / 255.0);
            double sd = Math.sqrt(variance) / 255.0;
            std[c] = sd > 1e-6 ? (float) sd : 1f;
        }
        return new Normalization(mean, std);
    }

    /**
     * Mean and (population) standard deviation per channel of a real-valued split, in two passes
     * summed in sample order, so the same split always gives the same bits.
     */
    private static Normalization fromRealValued(Dataset train) {
        int channels = train.channels();
        int plane = train.height() * train.width();
        int sample = train.sampleSize();
        float[] x = train.inputs();
        double[] sum = new double[channels];
        for (int i = 0; i < train.count(); i++) {
            for (int c = 0; c < channels; c++) {
                int from = i * sample + c * plane;
                for (int j = from; j < from + plane; j++) sum[c] += x[j];
            }
        }
        double n = (double) train.count() * plane;
        double[] m = new double[channels];
        for (int c = 0; c < channels; c++) m[c] = n == 0 ? 0 : sum[c] / n;
        double[] squares = new double[channels];
        for (int i = 0; i < train.count(); i++) {
            for (int c = 0; c < channels; c++) {
                int from = i * sample + c * plane;
                for (int j = from; j < from + plane; j++) {
                    double d = x[j] - m[c];
                    squares[c] += d * d;
                }
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) m[c];
            double sd = n == 0 ? 0 : Math.sqrt(squares[c] / n);
            std[c] = sd > 1e-6 ? (float) sd : 1f;
        }
        return new Normalization(mean, std);
    }

    public int channels() { return mean.length; }

    @Override
    public float[] mean() { return mean.clone(); }

    @Override
    public float[] std() { return std.clone(); }

    public float normalise(int channel, int pixel) {
        return (float) (((pixel & 0xff) / 255.0 - mean[channel]) / std[channel]);
    }

    /** Standardises one real-valued input of a channel. */
    public float normaliseValue(int channel, float value) {
        return (float) ((value - mean[channel]) / std[channel]);
    }

    /** The normalised value of a black pixel: what zero padding looks like after normalisation. */
    public float paddingValue(int channel) {
        return normalise(channel, 0);
    }

    /** For each channel, the normalised value of every byte value; a table beats arithmetic per pixel. */
    public float[][] lookupTables() {
        float[][] tables = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int p = 0; p < 256; p++) tables[c][p] = normalise(c, p);
        }
        return tables;
    }

    /** Normalises one CHW sample of {@code channels() * plane} bytes. */
    public void apply(byte[] src, int srcOffset, int plane, float[] dst, int dstOffset) {
        for (int c = 0; c < mean.length; c++) {
            for (int j = 0; j < plane; j++) {
                dst[dstOffset + c * plane + j] = normalise(c, src[srcOffset + c * plane + j]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
