package io.deadwood.cpu;

/**
 * Scratch memory owned by one part of the worker pool: packing buffers for GEMM and a few float
 * arrays (im2col columns, partial sums, packed weights) that grow to the largest size seen and are then reused.
 */
final class Scratch {
    static final int COLUMNS = 0;
    static final int PARTIAL = 1;
    /** Weights packed once per call and read by every part (only part 0's slot is used). */
    static final int WEIGHTS = 2;
    /** An operand in a GEMM's packed layout, built by the part that uses it. */
    static final int PACKED = 3;
    /** Zero-padded copies of input images, read in place by the shifted-image convolutions. */
    static final int IMAGE = 4;
    /** Output of a shifted-image convolution on the padded-width grid, before its junk columns are dropped. */
    static final int GRID = 5;

    final Gemm.Workspace gemm = new Gemm.Workspace();
    private final float[][] slots = {new float[0], new float[0], new float[0], new float[0], new float[0], new float[0]};
    private int[] ints = new int[0];

    float[] floats(int slot, int size) {
        if (slots[slot].length < size) slots[slot] = new float[size];
        return slots[slot];
    }

    /** Offset tables (one per call, read by every part; only part 0's is used). */
    int[] ints(int size) {
        if (ints.length < size) ints = new int[size];
        return ints;
    }
}
