package io.deadwood.tornado.kernels;

/**
 * Where a kernel finds its operands. Every tensor lives in one device arena (a FloatArray; int data
 * in an IntArray arena), so a kernel takes the arena and reads each operand's offset from its int
 * parameters: sizes and flags in slots 0-15, operand offsets in slots 16 and up.
 */
public final class KernelArgs {
    /** Length of every kernel's int parameter array. */
    public static final int INTS = 32;
    public static final int O0 = 16, O1 = 17, O2 = 18, O3 = 19, O4 = 20, O5 = 21, O6 = 22, O7 = 23;

    private KernelArgs() {
    }
}
