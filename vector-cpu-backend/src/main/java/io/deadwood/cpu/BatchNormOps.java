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

    BatchNormOps(WorkerPool pool) {
        this.pool = pool;
    }

    static int spatial(Tensor x) {
        int s = 1;
        for (int a = 2; a < x.rank(); a++) s *= x.dim(a);
        return s;
    }

    void forward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                 float momentum, float eps, boolean training, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int n = x.dim(0), c = x.dim(1), sp = spatial(x);
        long count = (long) n * sp;
        float[] xd = x.data(), yd = y.data(), g = gamma.data(), b = beta.data();
        float[] rm = runningMean.data(), rv = runningVar.data();
        pool.forRange(c, sp == 1 ? 64 : GRAIN, (part, from, to) -> {
            double[] mean = new double[to - from];
            double[] sq = new double[to - from];
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
        });
    }

    void backward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                  Tensor gx, Tensor ggamma, Tensor gbeta) {
        int n = x.dim(0), c = x.dim(1), sp = spatial(x);
        long count = (long) n * sp;
        float[] xd = x.data(), gyd = gy.data(), gxd = gx.data(), g = gamma.data();
        float[] sm = saveMean.data(), si = saveInvStd.data();
        pool.forRange(c, sp == 1 ? 64 : GRAIN, (part, from, to) -> {
            double[] sumGy = new double[to - from];
            double[] sumGyXmu = new double[to - from];
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
        });
    }
}
