package io.deadwood.api.data;

import java.util.List;

/**
 * An in-memory image classification split: {@code count} images of channels x height x width
 * unsigned bytes, stored sample-major in CHW order, and their labels in [0, numClasses).
 */
public record Dataset(String name, byte[] pixels, int[] labels, int channels, int height, int width,
                      int numClasses, List<SourceFile> sources) {
    public Dataset {
        if (channels < 1 || height < 1 || width < 1 || numClasses < 2) {
            throw new IllegalArgumentException("invalid data set geometry for " + name);
        }
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but "
                    + pixels.length + " pixel bytes (" + channels + "x" + height + "x" + width + " each)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " at index " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
        sources = List.copyOf(sources);
    }

    public int count() { return labels.length; }
    public int sampleSize() { return channels * height * width; }
    public int[] sampleShape() { return new int[] {channels, height, width}; }

    /** The first n samples (a copy), for quick runs and tests. */
    public Dataset head(int n) {
        int m = Math.min(n, count());
        byte[] px = java.util.Arrays.copyOf(pixels, m * sampleSize());
        int[] lb = java.util.Arrays.copyOf(labels, m);
        return new Dataset(name, px, lb, channels, height, width, numClasses, sources);
    }

    /** The last n samples (a copy): the validation slice carved from a training split. */
    public Dataset tail(int n) {
        int m = Math.min(Math.max(0, n), count());
        int from = count() - m, size = sampleSize();
        byte[] px = java.util.Arrays.copyOfRange(pixels, from * size, count() * size);
        int[] lb = java.util.Arrays.copyOfRange(labels, from, count());
        return new Dataset(name + "[val]", px, lb, channels, height, width, numClasses, sources);
    }

    /** All but the last n samples (a copy): what is left to train on once a validation slice is carved off. */
    public Dataset withoutTail(int n) {
        return head(count() - Math.min(Math.max(0, n), count()));
    }

    /** A file a split was read from, with its SHA-256, for provenance. */
    public record SourceFile(String path, long bytes, String sha256) {
    }
}
