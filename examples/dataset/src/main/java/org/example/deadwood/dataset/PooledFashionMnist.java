package org.example.deadwood.dataset;

import io.deadwood.api.data.DataException;
import io.deadwood.api.data.DataSplits;
import io.deadwood.api.data.Dataset;
import io.deadwood.api.data.DatasetProvider;
import io.deadwood.api.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code fashion-pooled[:DIR]}: the real Fashion-MNIST, each 28x28 image reduced to a vector of 49
 * real values, the mean intensity of each 4x4 patch. A real-valued data set (float inputs of shape
 * [49], class labels) made from real images: the inputs a small MLP or a tabular model would take,
 * and a tenth of the features of the images.
 *
 * <p>The argument is the folder with the four Fashion-MNIST IDX files; without one, the folder the
 * built-in {@code fashion-mnist} data set uses ({@code $DEADWOOD_DATA}, else the Debian package's).
 */
public final class PooledFashionMnist implements DatasetProvider {
    static final int PATCH = 4;

    @Override public String id() { return "fashion-pooled"; }

    @Override public String usage() { return "fashion-pooled[:DIR]"; }

    @Override
    public String description() {
        return "Fashion-MNIST as 49 real values per image (4x4 patch means), 10 classes; example plugin";
    }

    @Override
    public void check(String argument) {
        if (argument.isEmpty()) return;
        if (!Files.isDirectory(Path.of(argument))) {
            throw new DataException("fashion-pooled:" + argument + ": no such folder; give the folder that holds the four"
                    + " Fashion-MNIST IDX files, or write fashion-pooled for the installed copy");
        }
    }

    @Override
    public DataSplits open(String argument) {
        check(argument);
        DataSplits images = argument.isEmpty() ? FashionMnist.load() : FashionMnist.load(Path.of(argument));
        return new DataSplits(argument.isEmpty() ? id() : id() + ":" + argument,
                pooled(images.train(), "fashion-pooled/train"), pooled(images.test(), "fashion-pooled/test"));
    }

    /** Means of each PATCH x PATCH patch of each image, scaled to [0, 1]. */
    static Dataset pooled(Dataset images, String name) {
        int n = images.count(), h = images.height(), w = images.width();
        if (images.channels() != 1 || h % PATCH != 0 || w % PATCH != 0) {
            throw new DataException(images.name() + ": expected single-channel images whose sides divide by " + PATCH
                    + ", got " + images.channels() + "x" + h + "x" + w);
        }
        int ph = h / PATCH, pw = w / PATCH, features = ph * pw;
        byte[] pixels = images.pixels();
        float[] out = new float[n * features];
        for (int i = 0; i < n; i++) {
            int base = i * h * w;
            for (int py = 0; py < ph; py++) {
                for (int px = 0; px < pw; px++) {
                    int sum = 0;
                    for (int y = 0; y < PATCH; y++) {
                        for (int x = 0; x < PATCH; x++) sum += pixels[base + (py * PATCH + y) * w + px * PATCH + x] & 0xff;
                    }
                    out[i * features + py * pw + px] = sum / (255f * PATCH * PATCH);
                }
            }
        }
        return Dataset.classification(name, out, new int[] {features}, images.labels(), images.numClasses(), images.sources());
    }
}
