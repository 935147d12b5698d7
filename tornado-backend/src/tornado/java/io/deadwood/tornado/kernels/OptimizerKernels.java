package io.deadwood.tornado.kernels;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The optimiser updates, one thread per parameter, updating parameters and slots in place. Products
 * are formed in double and rounded to float explicitly: that gives Java's float product exactly and
 * keeps the OpenCL compiler from fusing a product and a sum into one FMA, whose single rounding
 * drifts from the reference over many steps.
 */
public final class OptimizerKernels {
    private OptimizerKernels() {
    }

    /**
     * SGD with decoupled weight decay. ip: 0 size, 1 has velocity, 2 nesterov; fp: 0 lr, 1 momentum,
     * 2 weight decay.
     */
    public static void sgd(KernelContext ctx, IntArray ip, FloatArray fp, FloatArray param, FloatArray grad,
                           FloatArray velocity) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            float lr = fp.get(0);
            float momentum = fp.get(1);
            float p = param.get(i);
            float decay = (float) ((double) ((float) ((double) lr * fp.get(2))) * p);
            p -= decay;
            float g = grad.get(i);
            float step = g;
            if (ip.get(1) == 1) {
                float v = (float) ((double) momentum * velocity.get(i)) + g;
                velocity.set(i, v);
                step = v;
                if (ip.get(2) == 1) {
                    step = g + (float) ((double) momentum * v);
                }
            }
            param.set(i, p - (float) ((double) lr * step));
        }
    }

    /**
     * AdamW. ip: 0 size; fp: 0 lr, 1 beta1, 2 beta2, 3 eps, 4 weight decay; dp: 0 1-beta1^t,
     * 1 1-beta2^t.
     */
    public static void adamw(KernelContext ctx, IntArray ip, FloatArray fp, DoubleArray dp, FloatArray param,
                             FloatArray grad, FloatArray m, FloatArray v) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            float lr = fp.get(0);
            float b1 = fp.get(1);
            float b2 = fp.get(2);
            float p = param.get(i);
            p -= (float) ((double) ((float) ((double) lr * fp.get(4))) * p);
            float g = grad.get(i);
            float mi = (float) ((double) b1 * m.get(i)) + (float) ((double) (1 - b1) * g);
            float scaled = (float) ((double) (1 - b2) * g);
            float vi = (float) ((double) b2 * v.get(i)) + (float) ((double) scaled * g);
            m.set(i, mi);
            v.set(i, vi);
            p -= (float) (lr * (mi / dp.get(0)) / (TornadoMath.sqrt(vi / dp.get(1)) + fp.get(3)));
            param.set(i, p);
        }
    }
}
