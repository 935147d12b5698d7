package io.deadwood.tornado.kernels;

import static io.deadwood.tornado.kernels.KernelArgs.O0;
import static io.deadwood.tornado.kernels.KernelArgs.O1;
import static io.deadwood.tornado.kernels.KernelArgs.O2;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/** Softmax cross-entropy with label smoothing, one thread per row, in double. */
public final class LossKernels {
    private LossKernels() {
    }

    /**
     * ip: 0 rows, 1 classes, 2 write gradient, 3 rows of the whole batch (the gradient's divisor);
     * logits, grad at O0, O1, labels in the int arena at O2; fp: 0 smoothing. rowLoss[i] is the row's loss; the
     * host adds the rows in order. grad[i, j] = (softmax - target) / rows. rowHit[i] is 1 when the row's
     * first maximum sits at its label.
     */
    public static void softmaxCrossEntropy(KernelContext ctx, IntArray ip, FloatArray fp, FloatArray mem, IntArray imem,
                                           DoubleArray rowLoss, IntArray rowHit) {
        int logitsO = ip.get(O0);
        int gradO = ip.get(O1);
        int i = ctx.globalIdx;
        int n = ip.get(0);
        int k = ip.get(1);
        if (i < n) {
            double smoothing = fp.get(0);
            double max = mem.get(logitsO + i * k);
            int best = 0;
            for (int j = 1; j < k; j++) {
                double v = mem.get(logitsO + i * k + j);
                if (v > max) {
                    best = j;
                }
                max = TornadoMath.max(max, v);
            }
            double z = 0;
            for (int j = 0; j < k; j++) {
                z += TornadoMath.exp(mem.get(logitsO + i * k + j) - max);
            }
            double logZ = TornadoMath.log(z) + max;
            int label = imem.get(ip.get(O2) + i);
            double loss = 0;
            for (int j = 0; j < k; j++) {
                double target = smoothing / k;
                if (j == label) {
                    target += 1 - smoothing;
                }
                double l = mem.get(logitsO + i * k + j);
                loss -= target * (l - logZ);
                if (ip.get(2) == 1) {
                    mem.set(gradO + i * k + j, (float) ((TornadoMath.exp(l - max) / z - target) / ip.get(3)));
                }
            }
            rowLoss.set(i, loss);
            rowHit.set(i, best == label ? 1 : 0);
        }
    }
}
