package io.deadwood.api.data;

import io.deadwood.api.Sha256;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes (the MNIST family's format), raw or gzipped. Gzip is detected
 * by its magic number, not by the file name, because downloads are often renamed or
 * decompressed by browsers. The size the header claims is checked against what the file can
 * hold before the array is allocated, so a damaged header fails with a message instead of an
 * OutOfMemoryError.
 */
public final class IdxReader {
    static final int TYPE_UNSIGNED_BYTE = 0x08;
    /** Deflate cannot compress better than about 1032:1; a claim beyond that is a damaged header. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int BUFFER = 1 << 16;

    private IdxReader() {
    }

    public static IdxArray read(Path file) {
        long fileBytes;
        try {
            fileBytes = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file; check the folder or the data set spec", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + "); check its permissions", e);
        }
        MessageDigest sha = Sha256.digest();
        try (InputStream in = new BufferedInputStream(new DigestInputStream(Files.newInputStream(file), sha), BUFFER)) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            IdxArray array = gzip ? readGzip(file, fileBytes, in) : readRaw(file, fileBytes, in);
            // The digest covers every byte of the file, including what the decoder did not need.
            in.transferTo(OutputStream.nullOutputStream());
            String digest = HexFormat.of().formatHex(sha.digest());
            return new IdxArray(array.dims(), array.data(), new Dataset.SourceFile(file.toString(), fileBytes, digest));
        } catch (EOFException e) {
            throw DataException.damaged(file, "truncated: the compressed stream ends early");
        } catch (ZipException e) {
            throw DataException.damaged(file, "corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static IdxArray readRaw(Path file, long fileBytes, InputStream in) throws IOException {
        int[] dims = readHeader(file, in);
        long headerBytes = 4L + 4L * dims.length;
        long payload = payloadBytes(file, dims);
        long held = fileBytes - headerBytes;
        if (held < payload) {
            throw DataException.damaged(file, "truncated: header says " + describe(dims) + " but the file holds "
                    + held + " bytes of data");
        }
        if (held > payload) {
            throw DataException.damaged(file, (held - payload) + " unexpected bytes after the data (header says "
                    + describe(dims) + ")");
        }
        byte[] data = new byte[(int) payload];
        if (in.readNBytes(data, 0, data.length) != data.length) {
            throw DataException.damaged(file, "truncated while reading (the file shrank?)");
        }
        return new IdxArray(dims, data);
    }

    private static IdxArray readGzip(Path file, long fileBytes, InputStream in) throws IOException {
        // The outer stream stays open so that the caller can digest whatever the decoder left unread.
        try (InputStream unzipped = new GZIPInputStream(nonClosing(in), BUFFER)) {
            return readGzipBody(file, fileBytes, unzipped);
        }
    }

    private static IdxArray readGzipBody(Path file, long fileBytes, InputStream unzipped) throws IOException {
        int[] dims = readHeader(file, unzipped);
        long payload = payloadBytes(file, dims);
        if (payload > fileBytes * MAX_DEFLATE_RATIO) {
            throw DataException.damaged(file, "truncated or damaged: header says " + describe(dims)
                    + " but a gzip file of " + fileBytes + " bytes cannot hold that much");
        }
        byte[] data = new byte[(int) payload];
        int got = unzipped.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw DataException.damaged(file, "truncated: header says " + describe(dims) + " but the file holds "
                    + got + " bytes of data");
        }
        long extra = unzipped.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw DataException.damaged(file, extra + " unexpected bytes after the data (header says "
                    + describe(dims) + ")");
        }
        return new IdxArray(dims, data);
    }

    private static int[] readHeader(Path file, InputStream in) throws IOException {
        byte[] magic = new byte[4];
        if (in.readNBytes(magic, 0, 4) < 4) {
            throw DataException.damaged(file, "truncated: too short for an IDX header");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw DataException.inFile(file, String.format("not an IDX file (starts with 0x%02x 0x%02x, expected 0x00 0x00)",
                    magic[0] & 0xff, magic[1] & 0xff), "check that the file is an IDX file, raw or gzipped");
        }
        int type = magic[2] & 0xff;
        if (type != TYPE_UNSIGNED_BYTE) {
            throw DataException.inFile(file, String.format("element type 0x%02x is not supported", type),
                    "only unsigned bytes (0x08) are read, as in the MNIST family");
        }
        int ndims = magic[3] & 0xff;
        if (ndims == 0) {
            throw DataException.damaged(file, "the header declares zero dimensions");
        }
        byte[] raw = new byte[4 * ndims];
        if (in.readNBytes(raw, 0, raw.length) < raw.length) {
            throw DataException.damaged(file, "truncated: the header declares " + ndims + " dimensions but ends early");
        }
        int[] dims = new int[ndims];
        for (int i = 0; i < ndims; i++) {
            dims[i] = ((raw[4 * i] & 0xff) << 24) | ((raw[4 * i + 1] & 0xff) << 16)
                    | ((raw[4 * i + 2] & 0xff) << 8) | (raw[4 * i + 3] & 0xff);
            if (dims[i] <= 0) {
                throw DataException.damaged(file, "dimension " + i + " is " + Integer.toUnsignedString(dims[i])
                        + " in the header; every dimension must be positive and below 2^31");
            }
        }
        return dims;
    }

    private static long payloadBytes(Path file, int[] dims) {
        long size = 1;
        for (int d : dims) {
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw DataException.damaged(file, "header says " + describeShape(dims)
                        + ", more than one array can hold (2 GiB)");
            }
        }
        return size;
    }

    /** "60000 items of 28x28 (47040000 bytes)" or "60000 values". */
    static String describe(int[] dims) {
        if (dims.length == 1) return dims[0] + " values";
        long size = 1;
        for (int d : dims) size *= d;
        return dims[0] + " items of " + describeShape(java.util.Arrays.copyOfRange(dims, 1, dims.length))
                + " (" + size + " bytes)";
    }

    private static String describeShape(int[] dims) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < dims.length; i++) b.append(i == 0 ? "" : "x").append(dims[i]);
        return b.toString();
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
