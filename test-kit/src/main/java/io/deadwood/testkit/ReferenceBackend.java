package io.deadwood.testkit;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.backend.SmoothActivation;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;

/**
 * The scalar oracle: the plainest correct loop for every op, single-threaded, accumulating in
 * double where a sum runs long. Other backends are checked against it; it is never fast. The
 * methods' ops (penalties, masks, per-unit sums, noise) are the SPI's defaults, which are their
 * scalar definitions ({@link io.deadwood.api.backend.MethodOps}).
 */
public final class ReferenceBackend implements ComputeBackend {

    @Override public String id() { return "reference"; }
    @Override public int threads() { return 1; }

    /** C = alpha * op(A) * op(B) + beta * C on raw arrays (not an SPI op: the layers' ops and GEMM tests use it). */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += (double) av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = (float) (alpha * s + (beta == 0f ? 0 : beta * c[ci]));
            }
        }
    }

    @Override
    public void denseForward(Tensor x, Tensor w, Tensor bias, Tensor y) {
        int n = x.dim(0), in = w.dim(1), out = w.dim(0);
        gemm(false, true, n, out, in, 1f, x.data(), 0, in, w.data(), 0, in, 0f, y.data(), 0, out);
        if (bias != null) {
            for (int i = 0; i < n; i++) for (int o = 0; o < out; o++) y.data()[i * out + o] += bias.data()[o];
        }
    }

    @Override
    public void denseBackward(Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gbias) {
        int n = x.dim(0), in = w.dim(1), out = w.dim(0);
        if (gx != null) gemm(false, false, n, in, out, 1f, gy.data(), 0, out, w.data(), 0, in, 0f, gx.data(), 0, in);
        gemm(true, false, out, in, n, 1f, gy.data(), 0, out, x.data(), 0, in, 0f, gw.data(), 0, in);
        if (gbias != null) {
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += gy.data()[i * out + o];
                gbias.data()[o] = (float) s;
            }
        }
    }

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dSpec s) {
        int oh = s.outHeight(), ow = s.outWidth(), k = s.kernel();
        float[] xd = x.data(), wd = w.data(), yd = y.data();
        for (int n = 0; n < s.batch(); n++)
            for (int o = 0; o < s.outChannels(); o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double sum = bias == null ? 0 : bias.data()[o];
                        for (int c = 0; c < s.inChannels(); c++)
                            for (int u = 0; u < k; u++)
                                for (int v = 0; v < k; v++) {
                                    int h = i * s.stride() - s.padding() + u, ww = j * s.stride() - s.padding() + v;
                                    if (h < 0 || h >= s.inHeight() || ww < 0 || ww >= s.inWidth()) continue;
                                    sum += (double) xd[((n * s.inChannels() + c) * s.inHeight() + h) * s.inWidth() + ww]
                                            * wd[((o * s.inChannels() + c) * k + u) * k + v];
                                }
                        yd[((n * s.outChannels() + o) * oh + i) * ow + j] = (float) sum;
                    }
    }

    @Override
    public void conv2dBackwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec s) {
        int oh = s.outHeight(), ow = s.outWidth(), k = s.kernel();
        double[] acc = new double[gx.size()];
        float[] gyd = gy.data(), wd = w.data();
        for (int n = 0; n < s.batch(); n++)
            for (int o = 0; o < s.outChannels(); o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double g = gyd[((n * s.outChannels() + o) * oh + i) * ow + j];
                        for (int c = 0; c < s.inChannels(); c++)
                            for (int u = 0; u < k; u++)
                                for (int v = 0; v < k; v++) {
                                    int h = i * s.stride() - s.padding() + u, ww = j * s.stride() - s.padding() + v;
                                    if (h < 0 || h >= s.inHeight() || ww < 0 || ww >= s.inWidth()) continue;
                                    acc[((n * s.inChannels() + c) * s.inHeight() + h) * s.inWidth() + ww] +=
                                            g * wd[((o * s.inChannels() + c) * k + u) * k + v];
                                }
                    }
        for (int i = 0; i < acc.length; i++) gx.data()[i] = (float) acc[i];
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec s) {
        int oh = s.outHeight(), ow = s.outWidth(), k = s.kernel();
        double[] acc = new double[gw.size()];
        double[] bacc = new double[s.outChannels()];
        float[] gyd = gy.data(), xd = x.data();
        for (int n = 0; n < s.batch(); n++)
            for (int o = 0; o < s.outChannels(); o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double g = gyd[((n * s.outChannels() + o) * oh + i) * ow + j];
                        bacc[o] += g;
                        for (int c = 0; c < s.inChannels(); c++)
                            for (int u = 0; u < k; u++)
                                for (int v = 0; v < k; v++) {
                                    int h = i * s.stride() - s.padding() + u, ww = j * s.stride() - s.padding() + v;
                                    if (h < 0 || h >= s.inHeight() || ww < 0 || ww >= s.inWidth()) continue;
                                    acc[((o * s.inChannels() + c) * k + u) * k + v] +=
                                            g * xd[((n * s.inChannels() + c) * s.inHeight() + h) * s.inWidth() + ww];
                                }
                    }
        for (int i = 0; i < acc.length; i++) gw.data()[i] = (float) acc[i];
        if (gbias != null) for (int o = 0; o < bacc.length; o++) gbias.data()[o] = (float) bacc[o];
    }

    private static int spatial(Tensor x) {
        int s = 1;
        for (int a = 2; a < x.rank(); a++) s *= x.dim(a);
        return s;
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 float momentum, float eps, boolean training,
                                 Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int n = x.dim(0), c = x.dim(1), sp = spatial(x);
        float[] xd = x.data(), yd = y.data();
        for (int ch = 0; ch < c; ch++) {
            double mean, invStd;
            if (training) {
                double s = 0;
                for (int i = 0; i < n; i++) for (int p = 0; p < sp; p++) s += xd[(i * c + ch) * sp + p];
                long count = (long) n * sp;
                mean = s / count;
                double v = 0;
                for (int i = 0; i < n; i++) for (int p = 0; p < sp; p++) {
                    double d = xd[(i * c + ch) * sp + p] - mean;
                    v += d * d;
                }
                double var = v / count;
                invStd = 1.0 / Math.sqrt(var + eps);
                saveMean.data()[ch] = (float) mean;
                saveInvStd.data()[ch] = (float) invStd;
                double unbiased = count > 1 ? v / (count - 1) : var;
                runningMean.data()[ch] = (float) ((1 - momentum) * runningMean.data()[ch] + momentum * mean);
                runningVar.data()[ch] = (float) ((1 - momentum) * runningVar.data()[ch] + momentum * unbiased);
            } else {
                mean = runningMean.data()[ch];
                invStd = 1.0 / Math.sqrt(runningVar.data()[ch] + eps);
            }
            double g = gamma.data()[ch], b = beta.data()[ch];
            for (int i = 0; i < n; i++) for (int p = 0; p < sp; p++) {
                int idx = (i * c + ch) * sp + p;
                yd[idx] = (float) ((xd[idx] - mean) * invStd * g + b);
            }
        }
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor gx, Tensor ggamma, Tensor gbeta) {
        int n = x.dim(0), c = x.dim(1), sp = spatial(x);
        long count = (long) n * sp;
        float[] xd = x.data(), gyd = gy.data(), gxd = gx.data();
        for (int ch = 0; ch < c; ch++) {
            double mean = saveMean.data()[ch], inv = saveInvStd.data()[ch];
            double sumGy = 0, sumGyXhat = 0;
            for (int i = 0; i < n; i++) for (int p = 0; p < sp; p++) {
                int idx = (i * c + ch) * sp + p;
                double xhat = (xd[idx] - mean) * inv;
                sumGy += gyd[idx];
                sumGyXhat += gyd[idx] * xhat;
            }
            ggamma.data()[ch] = (float) sumGyXhat;
            gbeta.data()[ch] = (float) sumGy;
            double g = gamma.data()[ch];
            for (int i = 0; i < n; i++) for (int p = 0; p < sp; p++) {
                int idx = (i * c + ch) * sp + p;
                double xhat = (xd[idx] - mean) * inv;
                gxd[idx] = (float) (g * inv * (gyd[idx] - sumGy / count - xhat * sumGyXhat / count));
            }
        }
    }

    @Override
    public void reluForward(Tensor x, Tensor y) {
        for (int i = 0; i < x.size(); i++) y.data()[i] = Math.max(x.data()[i], 0f);
    }

    @Override
    public void reluBackward(Tensor y, Tensor gy, Tensor gx) {
        for (int i = 0; i < y.size(); i++) gx.data()[i] = y.data()[i] > 0f ? gy.data()[i] : 0f;
    }

    /** Textbook forms in double, written apart from {@link SmoothActivation}'s so that the contract compares two derivations. */
    static double smoothValue(SmoothActivation kind, double x) {
        return switch (kind) {
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> x > 30 ? x + Math.exp(-x) : Math.log(1.0 + Math.exp(x));
        };
    }

    @Override
    public void smoothForward(SmoothActivation kind, Tensor x, Tensor y) {
        for (int i = 0; i < x.size(); i++) y.data()[i] = (float) smoothValue(kind, x.data()[i]);
    }

    @Override
    public void smoothBackward(SmoothActivation kind, Tensor y, Tensor gy, Tensor gx) {
        for (int i = 0; i < y.size(); i++) {
            double v = y.data()[i];
            double slope = switch (kind) {
                case SIGMOID -> v * (1.0 - v);
                case TANH -> 1.0 - v * v;
                case SOFTPLUS -> 1.0 - Math.exp(-v);
            };
            gx.data()[i] = (float) (gy.data()[i] * slope);
        }
    }

    @Override
    public double meanSquaredError(Tensor y, float[] targets, Tensor grad) {
        int count = y.size();
        double sum = 0;
        for (int i = 0; i < count; i++) {
            double d = (double) y.data()[i] - targets[i];
            sum += d * d;
            if (grad != null) grad.data()[i] = (float) (2.0 * d / count);
        }
        return sum / count;
    }

    @Override
    public void maxPool2dForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec s) {
        int oh = s.outHeight(), ow = s.outWidth();
        for (int nc = 0; nc < s.batch() * s.channels(); nc++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    int best = -1;
                    float bv = Float.NEGATIVE_INFINITY;
                    for (int u = 0; u < s.window(); u++)
                        for (int v = 0; v < s.window(); v++) {
                            int idx = (nc * s.inHeight() + i * s.stride() + u) * s.inWidth() + j * s.stride() + v;
                            float val = x.data()[idx];
                            if (best < 0 || val > bv) {
                                best = idx;
                                bv = val;
                            }
                        }
                    int o = (nc * oh + i) * ow + j;
                    y.data()[o] = bv;
                    argmax[o] = best;
                }
    }

    @Override
    public void maxPool2dBackward(Tensor gy, int[] argmax, Tensor gx) {
        Arrays.fill(gx.data(), 0f);
        for (int i = 0; i < gy.size(); i++) gx.data()[argmax[i]] += gy.data()[i];
    }

    @Override
    public void globalAvgPoolForward(Tensor x, Tensor y) {
        int nc = x.dim(0) * x.dim(1), sp = spatial(x);
        for (int i = 0; i < nc; i++) {
            double s = 0;
            for (int p = 0; p < sp; p++) s += x.data()[i * sp + p];
            y.data()[i] = (float) (s / sp);
        }
    }

    @Override
    public void globalAvgPoolBackward(Tensor gy, Tensor gx) {
        int nc = gx.dim(0) * gx.dim(1), sp = spatial(gx);
        for (int i = 0; i < nc; i++) {
            float g = gy.data()[i] / sp;
            for (int p = 0; p < sp; p++) gx.data()[i * sp + p] = g;
        }
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        for (int i = 0; i < out.size(); i++) out.data()[i] = a.data()[i] + b.data()[i];
    }

    @Override
    public void accumulate(Tensor acc, Tensor x) {
        for (int i = 0; i < acc.size(); i++) acc.data()[i] += x.data()[i];
    }

    @Override
    public double softmaxCrossEntropy(Tensor logits, int[] labels, float smoothing, Tensor grad) {
        int n = logits.dim(0), k = logits.dim(1);
        double total = 0;
        double[] p = new double[k];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) max = Math.max(max, logits.data()[i * k + j]);
            double z = 0;
            for (int j = 0; j < k; j++) {
                p[j] = Math.exp(logits.data()[i * k + j] - max);
                z += p[j];
            }
            double logZ = Math.log(z) + max;
            for (int j = 0; j < k; j++) {
                double target = (j == labels[i] ? 1 - smoothing : 0) + smoothing / k;
                total -= target * (logits.data()[i * k + j] - logZ);
                if (grad != null) grad.data()[i * k + j] = (float) ((p[j] / z - target) / n);
            }
        }
        return total / n;
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum,
                          boolean nesterov, float weightDecay) {
        float[] p = param.data(), g = grad.data();
        for (int i = 0; i < p.length; i++) {
            p[i] -= lr * weightDecay * p[i];
            float step = g[i];
            if (velocity != null) {
                float v = momentum * velocity.data()[i] + g[i];
                velocity.data()[i] = v;
                step = nesterov ? g[i] + momentum * v : v;
            }
            p[i] -= lr * step;
        }
    }

    @Override
    public void adamwUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                            float eps, float weightDecay, long step) {
        double c1 = 1 - Math.pow(beta1, step), c2 = 1 - Math.pow(beta2, step);
        float[] p = param.data(), g = grad.data(), md = m.data(), vd = v.data();
        for (int i = 0; i < p.length; i++) {
            p[i] -= lr * weightDecay * p[i];
            md[i] = beta1 * md[i] + (1 - beta1) * g[i];
            vd[i] = beta2 * vd[i] + (1 - beta2) * g[i] * g[i];
            p[i] -= (float) (lr * (md[i] / c1) / (Math.sqrt(vd[i] / c2) + eps));
        }
    }
}
