package io.deadwood.tornado.kernels;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Batch normalisation over axis 1 of x[N, C, spatial]: a per-channel pass (one thread per channel,
 * sums in double, in a fixed order) and a per-element pass.
 */
public final class BatchNormKernels {
    // ip: 0 N, 1 C, 2 spatial, 3 training; fp: 0 momentum, 1 eps
    public static final int BATCH = 0, CHANNELS = 1, SPATIAL = 2, TRAINING = 3;

    private BatchNormKernels() {
    }

    /**
     * Training: batch mean and 1/sqrt(biased var + eps) into mean/invStd, running stats updated with
     * the unbiased variance. Eval: mean/invStd from the running stats, which stay as they are.
     */
    public static void statistics(KernelContext ctx, IntArray ip, FloatArray fp, FloatArray x,
                                  FloatArray runningMean, FloatArray runningVar, FloatArray mean, FloatArray invStd) {
        int ch = ctx.globalIdx;
        int n = ip.get(BATCH);
        int c = ip.get(CHANNELS);
        int sp = ip.get(SPATIAL);
        if (ch < c) {
            float eps = fp.get(1);
            if (ip.get(TRAINING) == 1) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < sp; p++) {
                        s += x.get((i * c + ch) * sp + p);
                    }
                }
                double count = (double) n * sp;
                double mu = s / count;
                double v = 0;
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < sp; p++) {
                        double d = x.get((i * c + ch) * sp + p) - mu;
                        v += d * d;
                    }
                }
                double var = v / count;
                double inv = 1.0 / TornadoMath.sqrt(var + eps);
                mean.set(ch, (float) mu);
                invStd.set(ch, (float) inv);
                double unbiased = count > 1 ? v / (count - 1) : var;
                double momentum = fp.get(0);
                runningMean.set(ch, (float) ((1 - momentum) * runningMean.get(ch) + momentum * mu));
                runningVar.set(ch, (float) ((1 - momentum) * runningVar.get(ch) + momentum * unbiased));
            } else {
                mean.set(ch, runningMean.get(ch));
                invStd.set(ch, (float) (1.0 / TornadoMath.sqrt((double) runningVar.get(ch) + eps)));
            }
        }
    }

    /** y = (x - mean) * invStd * gamma + beta, per element. */
    public static void normalizeElements(KernelContext ctx, IntArray ip, FloatArray x, FloatArray gamma, FloatArray beta,
                                 FloatArray mean, FloatArray invStd, FloatArray y) {
        int idx = ctx.globalIdx;
        int c = ip.get(CHANNELS);
        int sp = ip.get(SPATIAL);
        if (idx < ip.get(BATCH) * c * sp) {
            int ch = (idx / sp) % c;
            double inv = invStd.get(ch);
            y.set(idx, (float) ((x.get(idx) - (double) mean.get(ch)) * inv * gamma.get(ch) + beta.get(ch)));
        }
    }

    /** Per channel: ggamma = sum gy * xhat, gbeta = sum gy (double sums, fixed order). */
    public static void backwardSums(KernelContext ctx, IntArray ip, FloatArray x, FloatArray gy, FloatArray mean,
                                    FloatArray invStd, FloatArray ggamma, FloatArray gbeta) {
        int ch = ctx.globalIdx;
        int n = ip.get(BATCH);
        int c = ip.get(CHANNELS);
        int sp = ip.get(SPATIAL);
        if (ch < c) {
            double mu = mean.get(ch);
            double inv = invStd.get(ch);
            double sumGy = 0;
            double sumGyXhat = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < sp; p++) {
                    int idx = (i * c + ch) * sp + p;
                    double g = gy.get(idx);
                    sumGy += g;
                    sumGyXhat += g * ((x.get(idx) - mu) * inv);
                }
            }
            ggamma.set(ch, (float) sumGyXhat);
            gbeta.set(ch, (float) sumGy);
        }
    }

    /** gx = gamma * invStd * (gy - sum gy / count - xhat * sum(gy xhat) / count), per element. */
    public static void backwardData(KernelContext ctx, IntArray ip, FloatArray x, FloatArray gy, FloatArray gamma,
                                    FloatArray mean, FloatArray invStd, FloatArray ggamma, FloatArray gbeta, FloatArray gx) {
        int idx = ctx.globalIdx;
        int c = ip.get(CHANNELS);
        int sp = ip.get(SPATIAL);
        int total = ip.get(BATCH) * c * sp;
        if (idx < total) {
            int ch = (idx / sp) % c;
            double count = (double) ip.get(BATCH) * sp;
            double inv = invStd.get(ch);
            double xhat = (x.get(idx) - (double) mean.get(ch)) * inv;
            double g = gamma.get(ch);
            gx.set(idx, (float) (g * inv * (gy.get(idx) - gbeta.get(ch) / count - xhat * ggamma.get(ch) / count)));
        }
    }
}
