package org.example.deadwood.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deadwood.api.data.Dataset;
import io.deadwood.api.data.DatasetProvider;
import io.deadwood.api.data.IdxWriter;
import io.deadwood.testkit.DatasetProviderContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deadwood's data set contract on small IDX files written here, plus the pooling itself. */
class PooledFashionMnistTest extends DatasetProviderContract {
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeSmallFiles() {
        write("train", 40, 3);
        write("t10k", 12, 4);
    }

    private static void write(String prefix, int count, int seed) {
        byte[] pixels = new byte[count * 28 * 28];
        int[] labels = new int[count];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) ((i * 31 + seed * 7) % 256);
        for (int i = 0; i < count; i++) labels[i] = (i + seed) % 10;
        IdxWriter.writeImages(dir.resolve(prefix + "-images-idx3-ubyte.gz"), pixels, count, 28, 28, true);
        IdxWriter.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), labels, true);
    }

    @Override protected DatasetProvider provider() { return new PooledFashionMnist(); }
    @Override protected String validArgument() { return dir.toString(); }
    @Override protected List<String> badArguments() { return List.of(dir.resolve("missing").toString()); }

    @Test
    void eachFeatureIsTheMeanOfAFourByFourPatch() {
        byte[] pixels = new byte[8 * 8];
        for (int y = 0; y < 4; y++) for (int x = 4; x < 8; x++) pixels[y * 8 + x] = (byte) 255;
        pixels[4 * 8] = (byte) 160;
        Dataset images = Dataset.images("t", pixels, new int[] {2}, 1, 8, 8, 10, List.of());
        Dataset pooled = PooledFashionMnist.pooled(images, "p");
        assertArrayEquals(new int[] {4, 1, 1}, pooled.sampleShape());
        assertEquals(Dataset.InputType.FLOAT32, pooled.inputType());
        assertArrayEquals(new float[] {0f, 1f, 10f / 255f, 0f}, pooled.inputs(), 1e-6f);
        assertArrayEquals(new int[] {2}, pooled.labels());
    }
}
