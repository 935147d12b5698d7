package io.deadwood.api.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds and loads Fashion-MNIST: from {@code $DEADWOOD_DATA} when set (the folder with the four
 * IDX files, or one holding a {@code fashion-mnist} subfolder), else from the system package's
 * folder.
 */
public final class FashionMnist {
    public static final String SPEC = "fashion-mnist";
    public static final String ENVIRONMENT_VARIABLE = "DEADWOOD_DATA";
    public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int CLASSES = 10;
    static final String HOW_TO_INSTALL = "install it with `apt-get install -y dataset-fashion-mnist` (as root) "
            + "or set " + ENVIRONMENT_VARIABLE + " to a folder with the four IDX files";

    private FashionMnist() {
    }

    /** Where {@link #load()} looks, whether or not the files are there. */
    public static Path defaultDirectory() {
        return directoryFor(System.getenv(ENVIRONMENT_VARIABLE));
    }

    static Path directoryFor(String environmentValue) {
        if (environmentValue == null || environmentValue.isBlank()) return SYSTEM_DIRECTORY;
        Path root = Path.of(environmentValue.strip());
        Path nested = root.resolve(SPEC);
        return Files.isDirectory(nested) ? nested : root;
    }

    public static DataSplits load() {
        return load(defaultDirectory());
    }

    public static DataSplits load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException("Fashion-MNIST not found: " + dir + " is not a folder; " + HOW_TO_INSTALL);
        }
        List<String> missing = IdxDataset.missingFiles(dir);
        if (!missing.isEmpty()) {
            throw new DataException("Fashion-MNIST not found: " + dir + " lacks " + String.join(", ", missing)
                    + " (or .gz); " + HOW_TO_INSTALL);
        }
        return IdxDataset.load(dir, SPEC, CLASSES);
    }
}
