package io.deadwood.api.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A data set in the MNIST layout: four IDX files in one folder, grey-scale images and one byte
 * label per image. Both the usual names ({@code train-images-idx3-ubyte}) and the dotted ones
 * some mirrors use ({@code train-images.idx3-ubyte}) are accepted, each raw or gzipped.
 */
public final class IdxDataset {
    /** The four files, in the order train images, train labels, test images, test labels. */
    static final List<String> STANDARD_NAMES = List.of(
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private IdxDataset() {
    }

    /** Loads the four files, inferring the number of classes as the largest label plus one. */
    public static DataSplits load(Path dir, String name) {
        return load(dir, name, 0);
    }

    /**
     * Loads the four files; {@code numClasses} > 0 requires every label below it, 0 infers it
     * (largest label plus one, at least 2).
     */
    public static DataSplits load(Path dir, String name, int numClasses) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": not a folder; give the folder that holds the four IDX files ("
                    + String.join(", ", STANDARD_NAMES) + ", each optionally .gz)");
        }
        List<String> missing = missingFiles(dir);
        if (!missing.isEmpty()) {
            throw new DataException(dir + ": missing " + String.join(", ", missing)
                    + " (each may also be gzipped as .gz or spelled with a dot, e.g. train-images.idx3-ubyte); "
                    + "put the four IDX files of the data set in this folder");
        }
        Path trainImagesFile = find(dir, STANDARD_NAMES.get(0)).orElseThrow();
        Path trainLabelsFile = find(dir, STANDARD_NAMES.get(1)).orElseThrow();
        Path testImagesFile = find(dir, STANDARD_NAMES.get(2)).orElseThrow();
        Path testLabelsFile = find(dir, STANDARD_NAMES.get(3)).orElseThrow();
        IdxArray trainImages = images(trainImagesFile);
        IdxArray trainLabels = labels(trainLabelsFile, trainImagesFile, trainImages);
        IdxArray testImages = images(testImagesFile);
        IdxArray testLabels = labels(testLabelsFile, testImagesFile, testImages);
        if (trainImages.dim(1) != testImages.dim(1) || trainImages.dim(2) != testImages.dim(2)) {
            throw DataException.inFile(testImagesFile, "images are " + testImages.dim(1) + "x" + testImages.dim(2)
                    + " but the training images are " + trainImages.dim(1) + "x" + trainImages.dim(2),
                    "the two splits must come from the same data set");
        }
        int classes = numClasses;
        if (classes <= 0) {
            classes = Math.max(maxLabel(trainLabels), maxLabel(testLabels)) + 1;
            if (classes < 2) {
                throw DataException.inFile(trainLabelsFile, "every label is 0, so there is only one class",
                        "a classification data set needs at least two classes");
            }
        } else {
            checkRange(trainLabelsFile, trainLabels, classes);
            checkRange(testLabelsFile, testLabels, classes);
        }
        Dataset train = dataset(name + "/train", trainImages, trainLabels, classes);
        Dataset test = dataset(name + "/test", testImages, testLabels, classes);
        return new DataSplits(name, train, test);
    }

    /** The standard names for which no variant exists in dir. */
    static List<String> missingFiles(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : STANDARD_NAMES) {
            if (find(dir, name).isEmpty()) missing.add(name);
        }
        return missing;
    }

    /** The first of name, name.gz, the dotted spelling and its .gz that is a regular file. */
    static Optional<Path> find(Path dir, String standardName) {
        int dash = standardName.lastIndexOf("-idx");
        String dotted = standardName.substring(0, dash) + "." + standardName.substring(dash + 1);
        for (String candidate : List.of(standardName, standardName + ".gz", dotted, dotted + ".gz")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static IdxArray images(Path file) {
        IdxArray a = IdxReader.read(file);
        if (a.rank() != 3) {
            throw DataException.inFile(file, "holds a " + a.rank() + "-dimensional array, not images (3 dimensions)",
                    "check that the image and label files are not swapped");
        }
        return a;
    }

    private static IdxArray labels(Path file, Path imagesFile, IdxArray images) {
        IdxArray a = IdxReader.read(file);
        if (a.rank() != 1) {
            throw DataException.inFile(file, "holds a " + a.rank() + "-dimensional array, not labels (1 dimension)",
                    "check that the image and label files are not swapped");
        }
        if (a.count() != images.count()) {
            throw DataException.inFile(file, "holds " + a.count() + " labels but " + imagesFile.getFileName()
                    + " holds " + images.count() + " images", "the two files must belong together; " + DataException.REINSTALL);
        }
        return a;
    }

    private static int maxLabel(IdxArray labels) {
        int max = 0;
        for (byte b : labels.data()) max = Math.max(max, b & 0xff);
        return max;
    }

    private static void checkRange(Path file, IdxArray labels, int numClasses) {
        byte[] data = labels.data();
        for (int i = 0; i < data.length; i++) {
            if ((data[i] & 0xff) >= numClasses) {
                throw DataException.damaged(file, "label " + (data[i] & 0xff) + " at index " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
    }

    private static Dataset dataset(String name, IdxArray images, IdxArray labels, int numClasses) {
        byte[] raw = labels.data();
        int[] lb = new int[raw.length];
        for (int i = 0; i < raw.length; i++) lb[i] = raw[i] & 0xff;
        return new Dataset(name, images.data(), lb, 1, images.dim(1), images.dim(2), numClasses,
                List.of(images.source(), labels.source()));
    }
}
