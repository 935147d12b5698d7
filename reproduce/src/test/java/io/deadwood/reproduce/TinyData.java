package io.deadwood.reproduce;

import io.deadwood.api.data.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small, well-formed IDX folders for tests of the machinery (random pixels, labels 0..9). */
public final class TinyData {
    private TinyData() {
    }

    public static Path writeIdx(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        java.util.Random rnd = new java.util.Random(5);
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? train : test;
            byte[] px = new byte[n * 28 * 28];
            rnd.nextBytes(px);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = i % 10;
            IdxWriter.writeImages(dir.resolve(split + "-images-idx3-ubyte"), px, n, 28, 28, false);
            IdxWriter.writeLabels(dir.resolve(split + "-labels-idx1-ubyte"), labels, false);
        }
        return dir;
    }
}
