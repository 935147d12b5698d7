package io.deadwood.api.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Small synthetic data sets and files for the data tests. */
final class TestData {
    private TestData() {
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) b[i] = (byte) r.nextInt(256);
        return b;
    }

    static int[] labels(int n, int classes) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = i % classes;
        return l;
    }

    /** Sample i is filled with byte value i (mod 256) so that tests can tell samples apart. */
    static Dataset indexed(int count, int channels, int height, int width) {
        int size = channels * height * width;
        byte[] px = new byte[count * size];
        for (int i = 0; i < count; i++) java.util.Arrays.fill(px, i * size, (i + 1) * size, (byte) i);
        return new Dataset("indexed", px, labels(count, 10), channels, height, width, 10, List.of());
    }

    static Dataset random(int count, int channels, int height, int width, long seed) {
        return new Dataset("random", randomBytes(count * channels * height * width, seed), labels(count, 10),
                channels, height, width, 10, List.of());
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an MNIST-layout folder: n train and m test images of h x w with labels i % classes. */
    static void writeMnistFolder(Path dir, int n, int m, int h, int w, int classes, boolean gzip) {
        String gz = gzip ? ".gz" : "";
        IdxWriter.writeImages(dir.resolve("train-images-idx3-ubyte" + gz), randomBytes(n * h * w, 1), n, h, w, gzip);
        IdxWriter.writeLabels(dir.resolve("train-labels-idx1-ubyte" + gz), labels(n, classes), gzip);
        IdxWriter.writeImages(dir.resolve("t10k-images-idx3-ubyte" + gz), randomBytes(m * h * w, 2), m, h, w, gzip);
        IdxWriter.writeLabels(dir.resolve("t10k-labels-idx1-ubyte" + gz), labels(m, classes), gzip);
    }
}
