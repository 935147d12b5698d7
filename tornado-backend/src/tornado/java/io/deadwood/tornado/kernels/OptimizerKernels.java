package io.deadwood.tornado.kernels;

import static io.deadwood.tornado.kernels.KernelArgs.O0;
import static io.deadwood.tornado.kernels.KernelArgs.O1;
import static io.deadwood.tornado.kernels.KernelArgs.O2;
import static io.deadwood.tornado.kernels.KernelArgs.O3;

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
    public static void sgd(KernelContext ctx, IntArray ip, FloatArray fp, FloatArray mem) {
        int paramO = ip.get(O0);
        int gradO = ip.get(O1);
        int velocityO = ip.get(O2);
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            float lr = fp.get(0);
            float momentum = fp.get(1);
            float p = mem.get(paramO + i);
            float decay = (float) ((double) ((float) ((double) lr * fp.get(2))) * p);
            p -= decay;
            float g = mem.get(gradO + i);
            float step = g;
            if (ip.get(1) == 1) {
                float v = (float) ((double) momentum * mem.get(velocityO + i)) + g;
                mem.set(velocityO + i, v);
                step = v;
                if (ip.get(2) == 1) {
                    step = g + (float) ((double) momentum * v);
                }
            }
            mem.set(paramO + i, p - (float) ((double) lr * step));
        }
    }

    /**
     * AdamW. ip: 0 size; fp: 0 lr, 1 beta1, 2 beta2, 3 eps, 4 weight decay; dp: 0 1-beta1^t,
     * 1 1-beta2^t.
     */
    public static void adamw(KernelContext ctx, IntArray ip, FloatArray fp, DoubleArray dp, FloatArray mem) {
        int paramO = ip.get(O0);
        int gradO = ip.get(O1);
        int mO = ip.get(O2);
        int vO = ip.get(O3);
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            float lr = fp.get(0);
            float b1 = fp.get(1);
            float b2 = fp.get(2);
            float p = mem.get(paramO + i);
            p -= (float) ((double) ((float) ((double) lr * fp.get(4))) * p);
            float g = mem.get(gradO + i);
            float mi = (float) ((double) b1 * mem.get(mO + i)) + (float) ((double) (1 - b1) * g);
            float scaled = (float) ((double) (1 - b2) * g);
            float vi = (float) ((double) b2 * mem.get(vO + i)) + (float) ((double) scaled * g);
            mem.set(mO + i, mi);
            mem.set(vO + i, vi);
            p -= (float) (lr * (mi / dp.get(0)) / (TornadoMath.sqrt(vi / dp.get(1)) + fp.get(3)));
            mem.set(paramO + i, p);
        }
    }
}
