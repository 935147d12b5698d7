package io.deadwood.api.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order (NCHW for images). The shape is fixed; layers that
 * change width (structured surgery) swap in a new tensor rather than reshaping storage in place.
 *
 * <p>A device backend may hold the newest values of a tensor in device memory between ops. It then
 * marks the tensor with {@link #holdOnDevice}, and the first host access through {@link #data()}
 * (and every method built on it) asks the device to hand the values back. Views made by
 * {@link #reshape} share that mark with the tensor they view.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;
    private final Residence residence;

    /** A device backend's copy of some tensor storage. */
    public interface DeviceCopy {
        /**
         * Called before the host touches {@code host}: copy the device's values into it if they are
         * newer, and treat the device copy as stale from now on, since the host may write.
         */
        void handBack(float[] host);
    }

    /** Shared by a tensor and its views, so that the mark covers every view of the storage. */
    private static final class Residence {
        volatile DeviceCopy device;
    }

    private Tensor(int[] shape, float[] data, Residence residence) {
        this.shape = shape;
        this.data = data;
        this.residence = residence;
    }

    private Tensor(int[] shape, float[] data) {
        this(shape, data, new Residence());
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(shape.clone(), new float[checkedSize(shape)]);
    }

    public static Tensor wrap(float[] data, int... shape) {
        requireSize(data, shape);
        return new Tensor(shape.clone(), data);
    }

    private static void requireSize(float[] data, int[] shape) {
        int size = checkedSize(shape);
        if (data.length != size) {
            throw new IllegalArgumentException("data has " + data.length + " floats but shape "
                    + Arrays.toString(shape) + " needs " + size);
        }
    }

    private static int checkedSize(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
            }
        }
        return (int) size;
    }

    /** A view with another shape over the same storage. */
    public Tensor reshape(int... newShape) {
        requireSize(data, newShape);
        return new Tensor(newShape.clone(), data, residence);
    }

    public int rank() { return shape.length; }
    public int dim(int axis) { return shape[axis]; }
    public int[] shape() { return shape.clone(); }
    public int size() { return data.length; }

    /** The host array, with the newest values: a device holding them hands them back first. */
    public float[] data() {
        DeviceCopy device = residence.device;
        if (device != null) {
            residence.device = null;
            device.handBack(data);
        }
        return data;
    }

    /**
     * The host array as it is, without asking a device for newer values: device backends key their
     * copies by it and upload from it. Everyone else uses {@link #data()}.
     */
    public float[] storage() { return data; }

    /** Marks the storage as held by {@code device} until the host next touches it. */
    public void holdOnDevice(DeviceCopy device) { residence.device = device; }

    /** Whether this tensor views the same storage as {@code other}. */
    public boolean sameStorage(Tensor other) { return data == other.data; }

    /** Product of the dimensions after the first: the size of one sample. */
    public int sampleSize() {
        return shape.length == 0 ? 1 : data.length / Math.max(1, shape[0]);
    }

    public boolean hasShape(int... other) { return Arrays.equals(shape, other); }

    // Fixed arities for the training loop's checks, which must not allocate a varargs array.
    public boolean hasShape(int d0) { return shape.length == 1 && shape[0] == d0; }

    public boolean hasShape(int d0, int d1) { return shape.length == 2 && shape[0] == d0 && shape[1] == d1; }

    public boolean hasShape(int d0, int d1, int d2, int d3) {
        return shape.length == 4 && shape[0] == d0 && shape[1] == d1 && shape[2] == d2 && shape[3] == d3;
    }

    /** Whether {@code other} has the same shape, without copying either shape. */
    public boolean sameShape(Tensor other) { return Arrays.equals(shape, other.shape); }

    public float get(int i) { return data()[i]; }
    public void set(int i, float v) { data()[i] = v; }
    public void fill(float v) { Arrays.fill(data(), v); }

    public Tensor copy() { return new Tensor(shape.clone(), data().clone()); }

    public void copyFrom(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(other.shape) + " != " + Arrays.toString(shape));
        }
        System.arraycopy(other.data(), 0, data(), 0, data.length);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
