package io.deadwood.api.data;

import io.deadwood.api.Sha256;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 (the "-bin" / "-binary" archives, not the
 * Python pickles). Records are fixed-size: label byte(s) then 3072 pixel bytes, 32x32 red, then
 * green, then blue, which is already the CHW order a {@link Dataset} stores.
 */
public final class CifarReader {
    static final int CHANNELS = 3;
    static final int SIDE = 32;
    static final int PIXELS = CHANNELS * SIDE * SIDE;

    /** The two layouts: which files hold which split and how many label bytes lead a record. */
    private enum Layout {
        CIFAR10("CIFAR-10", "cifar-10-batches-bin", 1, 10,
                List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"),
                List.of("test_batch.bin")),
        CIFAR100("CIFAR-100", "cifar-100-binary", 2, 100, List.of("train.bin"), List.of("test.bin"));

        final String title;
        final String folder;
        final int labelBytes;
        final int classes;
        final List<String> train;
        final List<String> test;

        Layout(String title, String folder, int labelBytes, int classes, List<String> train, List<String> test) {
            this.title = title;
            this.folder = folder;
            this.labelBytes = labelBytes;
            this.classes = classes;
            this.train = train;
            this.test = test;
        }

        int recordBytes() { return labelBytes + PIXELS; }
    }

    private CifarReader() {
    }

    /** CIFAR-10 from the folder holding data_batch_1.bin .. test_batch.bin, or its parent. */
    public static DataSplits loadCifar10(Path dir, String name) {
        return load(Layout.CIFAR10, dir, name);
    }

    /** CIFAR-100 (fine labels, 100 classes) from the folder holding train.bin and test.bin, or its parent. */
    public static DataSplits loadCifar100(Path dir, String name) {
        return load(Layout.CIFAR100, dir, name);
    }

    private static DataSplits load(Layout layout, Path dir, String name) {
        Path folder = locate(layout, dir);
        Dataset train = read(layout, folder, layout.train, name + "/train");
        Dataset test = read(layout, folder, layout.test, name + "/test");
        return new DataSplits(name, train, test);
    }

    private static Path locate(Layout layout, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": not a folder; give the folder that holds the " + layout.title
                    + " binary files (" + String.join(", ", allFiles(layout)) + ") or its parent");
        }
        Path nested = dir.resolve(layout.folder);
        Path folder = !holdsAny(layout, dir) && Files.isDirectory(nested) ? nested : dir;
        List<String> missing = new ArrayList<>();
        for (String f : allFiles(layout)) {
            if (!Files.isRegularFile(folder.resolve(f))) missing.add(f);
        }
        if (!missing.isEmpty()) {
            throw new DataException(folder + ": missing " + String.join(", ", missing) + "; unpack the " + layout.title
                    + " binary version (" + layout.folder + ") there, or point to the folder that holds it");
        }
        return folder;
    }

    private static boolean holdsAny(Layout layout, Path dir) {
        return allFiles(layout).stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    private static List<String> allFiles(Layout layout) {
        List<String> all = new ArrayList<>(layout.train);
        all.addAll(layout.test);
        return all;
    }

    private static Dataset read(Layout layout, Path folder, List<String> names, String datasetName) {
        int record = layout.recordBytes();
        List<Path> files = new ArrayList<>();
        long total = 0;
        for (String n : names) {
            Path file = folder.resolve(n);
            long size = size(file);
            if (size == 0 || size % record != 0) {
                throw DataException.damaged(file, "truncated: " + size + " bytes is not a whole number of "
                        + layout.title + " records of " + record + " bytes");
            }
            total += size / record;
            files.add(file);
        }
        if (total * PIXELS > Integer.MAX_VALUE - 8) {
            throw new DataException(folder + ": " + total + " images are more than one array can hold");
        }
        byte[] pixels = new byte[(int) (total * PIXELS)];
        int[] labels = new int[(int) total];
        List<Dataset.SourceFile> sources = new ArrayList<>();
        int at = 0;
        for (Path file : files) {
            sources.add(readRecords(layout, file, pixels, labels, at));
            at += (int) (size(file) / record);
        }
        return new Dataset(datasetName, pixels, labels, CHANNELS, SIDE, SIDE, layout.classes, sources);
    }

    /** Reads every record of one file into the arrays from index {@code first} on. */
    private static Dataset.SourceFile readRecords(Layout layout, Path file, byte[] pixels, int[] labels, int first) {
        int record = layout.recordBytes();
        MessageDigest sha = Sha256.digest();
        long bytes = 0;
        byte[] head = new byte[layout.labelBytes];
        try (InputStream in = new BufferedInputStream(new DigestInputStream(Files.newInputStream(file), sha), 1 << 16)) {
            for (int i = first; ; i++) {
                int got = in.readNBytes(head, 0, head.length);
                if (got == 0) break;
                if (i >= labels.length || got < head.length
                        || in.readNBytes(pixels, i * PIXELS, PIXELS) < PIXELS) {
                    throw DataException.damaged(file, "changed size while being read");
                }
                bytes += record;
                int index = i - first;
                if (layout == Layout.CIFAR100) {
                    int coarse = head[0] & 0xff;
                    if (coarse >= 20) {
                        throw DataException.damaged(file, "coarse label " + coarse + " of record " + index
                                + " is outside 0..19");
                    }
                }
                int label = head[layout.labelBytes - 1] & 0xff;
                if (label >= layout.classes) {
                    throw DataException.damaged(file, "label " + label + " of record " + index
                            + " is outside 0.." + (layout.classes - 1));
                }
                labels[i] = label;
            }
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return new Dataset.SourceFile(file.toString(), bytes, HexFormat.of().formatHex(sha.digest()));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file; check the folder", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + "); check its permissions", e);
        }
    }
}
