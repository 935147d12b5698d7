package io.deadwood.api.data;

import java.util.Arrays;

/**
 * The content of one IDX file of unsigned bytes: its dimensions (outermost first) and the values
 * in row-major order, with the file it came from when it was read from disk.
 */
public record IdxArray(int[] dims, byte[] data, Dataset.SourceFile source) {
    public IdxArray {
        if (dims.length < 1 || dims.length > 255) {
            throw new IllegalArgumentException("an IDX array has 1..255 dimensions, not " + dims.length);
        }
        long size = 1;
        for (int d : dims) {
            if (d < 1) throw new IllegalArgumentException("non-positive IDX dimension in " + Arrays.toString(dims));
            size *= d;
            if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("IDX array too large: " + Arrays.toString(dims));
        }
        if (size != data.length) {
            throw new IllegalArgumentException("dimensions " + Arrays.toString(dims) + " need " + size
                    + " bytes but " + data.length + " were given");
        }
        dims = dims.clone();
    }

    /** An array not (yet) tied to a file, as written by {@link IdxWriter}. */
    public IdxArray(int[] dims, byte[] data) {
        this(dims, data, null);
    }

    /** The size of the first dimension: the number of images or labels. */
    public int count() { return dims[0]; }

    @Override
    public int[] dims() { return dims.clone(); }

    public int dim(int axis) { return dims[axis]; }

    public int rank() { return dims.length; }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray other && Arrays.equals(dims, other.dims) && Arrays.equals(data, other.data)
                && java.util.Objects.equals(source, other.source);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray" + Arrays.toString(dims) + (source == null ? "" : " from " + source.path());
    }
}
