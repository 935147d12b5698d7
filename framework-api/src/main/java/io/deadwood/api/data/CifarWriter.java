package io.deadwood.api.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes CIFAR binary batch files: for tests and for packing own 32x32 colour images the same way. */
public final class CifarWriter {
    private CifarWriter() {
    }

    /** CIFAR-10 records: one label byte, then 3072 pixel bytes (CHW) per image. */
    public static void writeCifar10(Path file, byte[] pixels, int[] labels) {
        write(file, pixels, null, labels);
    }

    /** CIFAR-100 records: coarse label byte, fine label byte, then 3072 pixel bytes (CHW) per image. */
    public static void writeCifar100(Path file, byte[] pixels, int[] coarseLabels, int[] fineLabels) {
        if (coarseLabels.length != fineLabels.length) {
            throw new IllegalArgumentException(coarseLabels.length + " coarse labels but " + fineLabels.length + " fine");
        }
        write(file, pixels, coarseLabels, fineLabels);
    }

    private static void write(Path file, byte[] pixels, int[] coarse, int[] labels) {
        if ((long) labels.length * CifarReader.PIXELS != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + pixels.length + " pixel bytes");
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < labels.length; i++) {
                if (coarse != null) out.write(coarse[i]);
                out.write(labels[i]);
                out.write(pixels, i * CifarReader.PIXELS, CifarReader.PIXELS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
