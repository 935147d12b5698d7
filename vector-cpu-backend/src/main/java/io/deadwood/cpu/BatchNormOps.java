package io.deadwood.cpu;

import io.deadwood.api.tensor.Tensor;

/**
 * Batch normalisation, split over channels. Image activations ([N, C, H, W]) reduce each channel
 * over N contiguous rows of H*W with the vector kernels; dense activations ([N, F], spatial 1)
 * would make those rows one element long, so there each part walks its own range of features
 * row by row instead. Statistics are accumulated in double and the variance uses two passes.
 */
final class BatchNormOps {
    /** Channels per part below which splitting costs more than it saves. */
    private static final int GRAIN = 4;

    private final WorkerPool pool;
    /** Per-part sums over the part's channels, kept between calls (hence the methods are synchronized). */
    private final double[][] sums;
    private final double[][] moreSums;
    private final WorkerPool.RangeBody forwardPart = this::forwardPart;
    private final WorkerPool.RangeBody backwardPart = this::backwardPart;

    // The call in progress, for its parts to read without a lambda allocated per call.
    private Tensor x, gy, y, gx, gamma, beta, runningMean, runningVar, saveMean, saveInvStd, ggamma, gbeta;
    private float momentum, eps;
    private boolean training;

    BatchNormOps(WorkerPool pool) {
        this.pool = pool;
        this.sums = new double[pool.threads()][0];
        this.moreSums = new double[pool.threads()][0];
    }

    /** Part {@code part}'s slot in {@code slots}, grown to {@code size} if needed, zeroed over [0, size). */
    private static double[] zeroed(double[][] slots, int part, int size) {
        if (slots[part].length < size) slots[part] = new double[size];
        java.util.Arrays.fill(slots[part], 0, size, 0.0);
        return slots[part];
    }

    static int spatial(Tensor x) {
        int s = 1;
        for (int a = 2; a < x.rank(); a++) s *= x.dim(a);
        return s;
    }

    synchronized void forward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                 float momentum, float eps, boolean training, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        this.x = x;
        this.gamma = gamma;
        this.beta = beta;
        this.runningMean = runningMean;
        this.runningVar = runningVar;
        this.momentum = momentum;
        this.eps = eps;
        this.training = training;
        this.y = y;
        this.saveMean = saveMean;
        this.saveInvStd = saveInvStd;
        pool.forRange(x.dim(1), spatial(x) == 1 ? 64 : GRAIN, forwardPart);
    }

    private void forwardPart(int part, int from, int to) {
        Tensor x = this.x, saveMean = this.saveMean, saveInvStd = this.saveInvStd;
        float momentum = this.momentum, eps = this.eps;
        boolean training = this.training;
        int n = x.dim(0), c = x.dim(1), sp = spatial(x);
        long count = (long) n * sp;
        float[] xd = x.data(), yd = y.data(), g = gamma.data(), b = beta.data();
        float[] rm = runningMean.data(), rv = runningVar.data();
        double[] mean = zeroed(sums, part, to - from);
        double[] sq = zeroed(moreSums, part, to - from);
        if (training) {
            if (sp == 1) {
                for (int i = 0; i < n; i++) for (int ch = from; ch < to; ch++) mean[ch - from] += xd[i * c + ch];
                for (int ch = from; ch < to; ch++) mean[ch - from] /= count;
                for (int i = 0; i < n; i++) {
                    for (int ch = from; ch < to; ch++) {
                        double d = xd[i * c + ch] - mean[ch - from];
                        sq[ch - from] += d * d;
                    }
                }
            } else {
                for (int ch = from; ch < to; ch++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += Kernels.sum(xd, (i * c + ch) * sp, sp);
                    double m = s / count;
                    float mf = (float) m;
                    double ss = 0;
                    for (int i = 0; i < n; i++) ss += Kernels.sumSquaredDeviation(xd, (i * c + ch) * sp, sp, mf);
                    // the deviations were taken from the rounded mean: sum (x-m)^2 = ss - count (m-mf)^2
                    double shift = m - mf;
                    mean[ch - from] = m;
                    sq[ch - from] = Math.max(0, ss - count * shift * shift);
                }
            }
        }
        for (int ch = from; ch < to; ch++) {
            double m, invStd;
            if (training) {
                m = mean[ch - from];
                double var = sq[ch - from] / count;
                invStd = 1.0 / Math.sqrt(var + eps);
                saveMean.data()[ch] = (float) m;
                saveInvStd.data()[ch] = (float) invStd;
                double unbiased = count > 1 ? sq[ch - from] / (count - 1) : var;
                rm[ch] = (float) ((1 - momentum) * rm[ch] + momentum * m);
                rv[ch] = (float) ((1 - momentum) * rv[ch] + momentum * unbiased);
            } else {
                m = rm[ch];
                invStd = 1.0 / Math.sqrt(rv[ch] + eps);
            }
            mean[ch - from] = m;
            sq[ch - from] = g[ch] * invStd;
        }
        if (sp == 1) {
            for (int i = 0; i < n; i++) {
                for (int ch = from; ch < to; ch++) {
                    int idx = i * c + ch;
                    yd[idx] = Math.fma(xd[idx] - (float) mean[ch - from], (float) sq[ch - from], b[ch]);
                }
            }
        } else {
            for (int ch = from; ch < to; ch++) {
                float m = (float) mean[ch - from], scale = (float) sq[ch - from];
                for (int i = 0; i < n; i++) Kernels.normalize(xd, yd, (i * c + ch) * sp, sp, m, scale, b[ch]);
            }
        }
    }

    synchronized void backward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                  Tensor gx, Tensor ggamma, Tensor gbeta) {
        this.x = x;
        this.gy = gy;
        this.gamma = gamma;
        this.saveMean = saveMean;
        this.saveInvStd = saveInvStd;
        this.gx = gx;
        this.ggamma = ggamma;
        this.gbeta = gbeta;
        pool.forRange(x.dim(1), spatial(x) == 1 ? 64 : GRAIN, backwardPart);
    }

    private void backwardPart(int part, int from, int to) {
        Tensor ggamma = this.ggamma, gbeta = this.gbeta;
        int n = x.dim(0), c = x.dim(1), sp = spatial(x);
        long count = (long) n * sp;
        float[] xd = x.data(), gyd = gy.data(), gxd = gx.data(), g = gamma.data();
        float[] sm = saveMean.data(), si = saveInvStd.data();
        double[] sumGy = zeroed(sums, part, to - from);
        double[] sumGyXmu = zeroed(moreSums, part, to - from);
        if (sp == 1) {
            for (int i = 0; i < n; i++) {
                for (int ch = from; ch < to; ch++) {
                    int idx = i * c + ch;
                    sumGy[ch - from] += gyd[idx];
                    sumGyXmu[ch - from] += (double) gyd[idx] * (xd[idx] - sm[ch]);
                }
            }
        } else {
            for (int ch = from; ch < to; ch++) {
                double s = 0, sx = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * sp;
                    s += Kernels.sum(gyd, off, sp);
                    sx += Kernels.sumProductDeviation(gyd, xd, off, sp, sm[ch]);
                }
                sumGy[ch - from] = s;
                sumGyXmu[ch - from] = sx;
            }
        }
        for (int ch = from; ch < to; ch++) {
            double inv = si[ch];
            double sGy = sumGy[ch - from], sGyXhat = sumGyXmu[ch - from] * inv;
            ggamma.data()[ch] = (float) sGyXhat;
            gbeta.data()[ch] = (float) sGy;
            // gx = g*inv*(gy - sGy/count - xhat*sGyXhat/count), with xhat = (x - mean)*inv
            double a = g[ch] * inv;
            float fa = (float) a;
            float fb = (float) (-a * inv * sGyXhat / count);
            float fd = (float) (-a * sGy / count);
            if (sp == 1) {
                for (int i = 0; i < n; i++) {
                    int idx = i * c + ch;
                    gxd[idx] = Math.fma(gyd[idx], fa, Math.fma(xd[idx] - sm[ch], fb, fd));
                }
            } else {
                for (int i = 0; i < n; i++) Kernels.normBackward(xd, gyd, gxd, (i * c + ch) * sp, sp, sm[ch], fa, fb, fd);
            }
        }
    }
}
