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

    /**
     * A three-cell suite on {@code data} (dense, random-structured, and l1-filter matched to it), with
     * {@code extra} lines added to its quick preset (each indented four spaces, ending in a newline).
     */
    public static String suiteYaml(Path data, String description, String extra) {
        return """
                name: tiny
                description: %s
                table: demp
                presets:
                  quick:
                    data: idx:%s
                    models: [{model: mlp, width: 0.1}]
                    epochs: 2
                    batch: 16
                    lr: 0.05
                    seeds: 1
                %s    methods:
                      - label: dense
                      - label: random
                        method: random-structured
                        config: {targetSparsity: 0.3, pruneAt: 0.25}
                      - label: l1
                        method: l1-filter
                        matchSparsityOf: random
                """.formatted(description, data, extra);
    }
}
