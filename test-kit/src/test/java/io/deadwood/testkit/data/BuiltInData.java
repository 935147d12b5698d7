package io.deadwood.testkit.data;

import io.deadwood.api.data.CifarWriter;
import io.deadwood.api.data.DatasetProvider;
import io.deadwood.api.data.DatasetProviders;
import io.deadwood.api.data.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Small files in the built-in formats, so the contracts run without any installed data set. */
final class BuiltInData {
    private BuiltInData() {
    }

    static DatasetProvider provider(String id) {
        return DatasetProviders.builtIn().all().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    static Path idxFolder(Path dir, int classes) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom r = new SplittableRandom(3);
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? 40 : 12;
            byte[] px = new byte[n * 28 * 28];
            for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(256);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = i % classes;
            IdxWriter.writeImages(dir.resolve(split + "-images-idx3-ubyte"), px, n, 28, 28, false);
            IdxWriter.writeLabels(dir.resolve(split + "-labels-idx1-ubyte"), labels, split.equals("t10k"));
        }
        return dir;
    }

    static Path cifar10Folder(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int b = 1; b <= 5; b++) CifarWriter.writeCifar10(dir.resolve("data_batch_" + b + ".bin"), pixels(4, b), labels(4, 10));
        CifarWriter.writeCifar10(dir.resolve("test_batch.bin"), pixels(3, 9), labels(3, 10));
        return dir;
    }

    static Path cifar100Folder(Path dir) throws IOException {
        Files.createDirectories(dir);
        CifarWriter.writeCifar100(dir.resolve("train.bin"), pixels(6, 1), labels(6, 20), labels(6, 100));
        CifarWriter.writeCifar100(dir.resolve("test.bin"), pixels(2, 2), labels(2, 20), labels(2, 100));
        return dir;
    }

    private static byte[] pixels(int n, long seed) {
        byte[] px = new byte[n * 3 * 32 * 32];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(256);
        return px;
    }

    private static int[] labels(int n, int classes) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = (i * 7) % classes;
        return l;
    }
}
