package io.deadwood.tornado.kernels;

import static io.deadwood.tornado.kernels.KernelArgs.O0;
import static io.deadwood.tornado.kernels.KernelArgs.O1;
import static io.deadwood.tornado.kernels.KernelArgs.O2;
import static io.deadwood.tornado.kernels.KernelArgs.O3;
import static io.deadwood.tornado.kernels.KernelArgs.O4;
import static io.deadwood.tornado.kernels.KernelArgs.O5;
import static io.deadwood.tornado.kernels.KernelArgs.O6;
import static io.deadwood.tornado.kernels.KernelArgs.O7;

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
    public static void statistics(KernelContext ctx, IntArray ip, FloatArray fp, FloatArray mem) {
        int xO = ip.get(O0);
        int runningMeanO = ip.get(O3);
        int runningVarO = ip.get(O4);
        int meanO = ip.get(O5);
        int invStdO = ip.get(O6);
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
                        s += mem.get(xO + (i * c + ch) * sp + p);
                    }
                }
                double count = (double) n * sp;
                double mu = s / count;
                double v = 0;
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < sp; p++) {
                        double d = mem.get(xO + (i * c + ch) * sp + p) - mu;
                        v += d * d;
                    }
                }
                double var = v / count;
                double inv = 1.0 / TornadoMath.sqrt(var + eps);
                mem.set(meanO + ch, (float) mu);
                mem.set(invStdO + ch, (float) inv);
                double unbiased = count > 1 ? v / (count - 1) : var;
                double momentum = fp.get(0);
                mem.set(runningMeanO + ch, (float) ((1 - momentum) * mem.get(runningMeanO + ch) + momentum * mu));
                mem.set(runningVarO + ch, (float) ((1 - momentum) * mem.get(runningVarO + ch) + momentum * unbiased));
            } else {
                mem.set(meanO + ch, mem.get(runningMeanO + ch));
                mem.set(invStdO + ch, (float) (1.0 / TornadoMath.sqrt((double) mem.get(runningVarO + ch) + eps)));
            }
        }
    }

    /** y = (x - mean) * invStd * gamma + beta, per element. */
    public static void normalizeElements(KernelContext ctx, IntArray ip, FloatArray mem) {
        int xO = ip.get(O0);
        int gammaO = ip.get(O1);
        int betaO = ip.get(O2);
        int meanO = ip.get(O5);
        int invStdO = ip.get(O6);
        int yO = ip.get(O7);
        int idx = ctx.globalIdx;
        int c = ip.get(CHANNELS);
        int sp = ip.get(SPATIAL);
        if (idx < ip.get(BATCH) * c * sp) {
            int ch = (idx / sp) % c;
            double inv = mem.get(invStdO + ch);
            mem.set(yO + idx, (float) ((mem.get(xO + idx) - (double) mem.get(meanO + ch)) * inv * mem.get(gammaO + ch) + mem.get(betaO + ch)));
        }
    }

    /** Per channel: ggamma = sum gy * xhat, gbeta = sum gy (double sums, fixed order). */
    public static void backwardSums(KernelContext ctx, IntArray ip, FloatArray mem) {
        int xO = ip.get(O0);
        int gyO = ip.get(O1);
        int meanO = ip.get(O3);
        int invStdO = ip.get(O4);
        int ggammaO = ip.get(O5);
        int gbetaO = ip.get(O6);
        int ch = ctx.globalIdx;
        int n = ip.get(BATCH);
        int c = ip.get(CHANNELS);
        int sp = ip.get(SPATIAL);
        if (ch < c) {
            double mu = mem.get(meanO + ch);
            double inv = mem.get(invStdO + ch);
            double sumGy = 0;
            double sumGyXhat = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < sp; p++) {
                    int idx = (i * c + ch) * sp + p;
                    double g = mem.get(gyO + idx);
                    sumGy += g;
                    sumGyXhat += g * ((mem.get(xO + idx) - mu) * inv);
                }
            }
            mem.set(ggammaO + ch, (float) sumGyXhat);
            mem.set(gbetaO + ch, (float) sumGy);
        }
    }

    /** gx = gamma * invStd * (gy - sum gy / count - xhat * sum(gy xhat) / count), per element. */
    public static void backwardData(KernelContext ctx, IntArray ip, FloatArray mem) {
        int xO = ip.get(O0);
        int gyO = ip.get(O1);
        int gammaO = ip.get(O2);
        int meanO = ip.get(O3);
        int invStdO = ip.get(O4);
        int ggammaO = ip.get(O5);
        int gbetaO = ip.get(O6);
        int gxO = ip.get(O7);
        int idx = ctx.globalIdx;
        int c = ip.get(CHANNELS);
        int sp = ip.get(SPATIAL);
        int total = ip.get(BATCH) * c * sp;
        if (idx < total) {
            int ch = (idx / sp) % c;
            double count = (double) ip.get(BATCH) * sp;
            double inv = mem.get(invStdO + ch);
            double xhat = (mem.get(xO + idx) - (double) mem.get(meanO + ch)) * inv;
            double g = mem.get(gammaO + ch);
            mem.set(gxO + idx, (float) (g * inv * (mem.get(gyO + idx) - mem.get(gbetaO + ch) / count - xhat * mem.get(ggammaO + ch) / count)));
        }
    }
}
