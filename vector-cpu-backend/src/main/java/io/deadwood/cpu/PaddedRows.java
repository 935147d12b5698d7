package io.deadwood.cpu;

import static io.deadwood.cpu.Gemm.L;
import static io.deadwood.cpu.Gemm.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Copies short rows (a 14-float image row) into a wider zero-padded layout. One array copy per row
 * costs more than the row; whole-vector stores do not, but they write L floats whatever the width:
 * the lanes past the row are loaded as zeros (a masked load, which is fast), so the store puts zeros
 * into the padding after the row and may run on into the rows below, which are written afterwards.
 * Callers therefore copy rows in increasing order, into buffers whose gaps between rows are meant to
 * be zero, with L floats of slack after the last row.
 */
final class PaddedRows {
    private PaddedRows() {
    }

    /** rows rows of width floats, from src (srcStride apart) to dst (dstStride apart). */
    static void copy(float[] src, int srcOff, int srcStride, int rows, int width,
                     float[] dst, int dstOff, int dstStride) {
        int full = width / L * L;
        VectorMask<Float> tail = S.indexInRange(full, width);
        for (int i = 0; i < rows; i++) {
            int s = srcOff + i * srcStride, d = dstOff + i * dstStride;
            for (int j = 0; j < full; j += L) FloatVector.fromArray(S, src, s + j).intoArray(dst, d + j);
            if (full < width) FloatVector.fromArray(S, src, s + full, tail).intoArray(dst, d + full);
        }
    }
}
