package io.deadwood.tornado.kernels;

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
     * ip: 0 rows, 1 classes, 2 write gradient; fp: 0 smoothing. rowLoss[i] is the row's loss; the
     * host adds the rows in order. grad[i, j] = (softmax - target) / rows.
     */
    public static void softmaxCrossEntropy(KernelContext ctx, IntArray ip, FloatArray fp, FloatArray logits,
                                           IntArray labels, DoubleArray rowLoss, FloatArray grad) {
        int i = ctx.globalIdx;
        int n = ip.get(0);
        int k = ip.get(1);
        if (i < n) {
            double smoothing = fp.get(0);
            double max = logits.get(i * k);
            for (int j = 1; j < k; j++) {
                max = TornadoMath.max(max, (double) logits.get(i * k + j));
            }
            double z = 0;
            for (int j = 0; j < k; j++) {
                z += TornadoMath.exp(logits.get(i * k + j) - max);
            }
            double logZ = TornadoMath.log(z) + max;
            int label = labels.get(i);
            double loss = 0;
            for (int j = 0; j < k; j++) {
                double target = smoothing / k;
                if (j == label) {
                    target += 1 - smoothing;
                }
                double l = logits.get(i * k + j);
                loss -= target * (l - logZ);
                if (ip.get(2) == 1) {
                    grad.set(i * k + j, (float) ((TornadoMath.exp(l - max) / z - target) / n));
                }
            }
            rowLoss.set(i, loss);
        }
    }
}
