package io.deadwood.api.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files of unsigned bytes, raw or gzipped: for tests and for converting own data. */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** The IDX encoding of an array: magic 0x00 0x00 0x08 ndims, big-endian dimensions, then the bytes. */
    public static byte[] encode(IdxArray array) {
        int[] dims = array.dims();
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 * dims.length + array.data().length);
        buf.put((byte) 0).put((byte) 0).put((byte) IdxReader.TYPE_UNSIGNED_BYTE).put((byte) dims.length);
        for (int d : dims) buf.putInt(d);
        buf.put(array.data());
        return buf.array();
    }

    public static void write(Path file, IdxArray array, boolean gzip) {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)
                : Files.newOutputStream(file)) {
            out.write(encode(array));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Images of height x width bytes each, as in train-images-idx3-ubyte. */
    public static void writeImages(Path file, byte[] pixels, int count, int height, int width, boolean gzip) {
        write(file, new IdxArray(new int[] {count, height, width}, pixels), gzip);
    }

    /** One byte per label, as in train-labels-idx1-ubyte. */
    public static void writeLabels(Path file, int[] labels, boolean gzip) {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) throw new IllegalArgumentException("label " + labels[i] + " is not a byte");
            bytes[i] = (byte) labels[i];
        }
        write(file, new IdxArray(new int[] {labels.length}, bytes), gzip);
    }
}
