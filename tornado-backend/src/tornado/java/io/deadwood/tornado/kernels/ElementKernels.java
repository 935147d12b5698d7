package io.deadwood.tornado.kernels;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/** One thread per element: ReLU forward and backward, add and accumulate. */
public final class ElementKernels {
    public static final int RELU = 0, RELU_BACKWARD = 1, ADD = 2;

    private ElementKernels() {
    }

    /** ip: 0 op, 1 size. RELU: out = max(a, 0) (NaN kept); RELU_BACKWARD: out = a > 0 ? b : 0; ADD: out = a + b. */
    public static void elementwise(KernelContext ctx, IntArray ip, FloatArray a, FloatArray b, FloatArray out) {
        int i = ctx.globalIdx;
        int op = ip.get(0);
        if (i < ip.get(1)) {
            float x = a.get(i);
            float v;
            if (op == RELU) {
                v = x > 0f || x != x ? x : 0f;
            } else if (op == RELU_BACKWARD) {
                v = x > 0f ? b.get(i) : 0f;
            } else {
                v = x + b.get(i);
            }
            out.set(i, v);
        }
    }
}
