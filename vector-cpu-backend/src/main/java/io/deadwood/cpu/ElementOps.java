package io.deadwood.cpu;

import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;

/**
 * Elementwise ops, pools and the loss. Elementwise work is split into contiguous ranges, pools and
 * the loss into whole planes or rows, so each output element is written by exactly one part in the
 * same order as the scalar reference.
 */
final class ElementOps {
    /** Elements per part below which a second thread does not pay for its hand-off. */
    static final int ELEMENT_GRAIN = 1 << 15;

    private final WorkerPool pool;

    ElementOps(WorkerPool pool) {
        this.pool = pool;
    }

    private static void sameSize(Tensor a, Tensor b, String what) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(what + ": sizes differ, " + a + " vs " + b);
        }
    }

    /** Counts are integers, so adding the parts' counts in any order gives the same total. */
    long countZeros(Tensor x) {
        float[] xd = x.data();
        long[] parts = new long[pool.threads()];
        pool.forRange(x.size(), ELEMENT_GRAIN, (p, from, to) -> parts[p] = Kernels.countZeros(xd, from, to - from));
        long total = 0;
        for (long c : parts) total += c;
        return total;
    }

    void relu(Tensor x, Tensor y) {
        sameSize(x, y, "relu");
        float[] xd = x.data(), yd = y.data();
        pool.forRange(x.size(), ELEMENT_GRAIN, (p, from, to) -> Kernels.relu(xd, yd, from, to - from));
    }

    void reluBackward(Tensor y, Tensor gy, Tensor gx) {
        sameSize(y, gy, "reluBackward");
        sameSize(y, gx, "reluBackward");
        float[] yd = y.data(), gyd = gy.data(), gxd = gx.data();
        pool.forRange(y.size(), ELEMENT_GRAIN, (p, from, to) -> Kernels.reluBackward(yd, gyd, gxd, from, to - from));
    }

    void add(Tensor a, Tensor b, Tensor out) {
        sameSize(a, out, "add");
        sameSize(b, out, "add");
        float[] ad = a.data(), bd = b.data(), od = out.data();
        pool.forRange(out.size(), ELEMENT_GRAIN, (p, from, to) -> Kernels.add(ad, bd, od, from, to - from));
    }

    void accumulate(Tensor acc, Tensor x) {
        add(acc, x, acc);
    }

    void maxPoolForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec s) {
        int oh = s.outHeight(), ow = s.outWidth(), h = s.inHeight(), w = s.inWidth();
        int win = s.window(), st = s.stride();
        float[] xd = x.data(), yd = y.data();
        int planes = s.batch() * s.channels();
        pool.forRange(planes, Math.max(1, ELEMENT_GRAIN / (h * w)), (p, from, to) -> {
            if (win == 2 && st == 2) {
                maxPool2x2(xd, yd, argmax, from, to, h, w, oh, ow);
                return;
            }
            for (int nc = from; nc < to; nc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int best = -1;
                        float bv = Float.NEGATIVE_INFINITY;
                        for (int u = 0; u < win; u++) {
                            int row = (nc * h + i * st + u) * w + j * st;
                            for (int v = 0; v < win; v++) {
                                float val = xd[row + v];
                                // strictly greater: the first maximum in scan order wins
                                if (best < 0 || val > bv) {
                                    best = row + v;
                                    bv = val;
                                }
                            }
                        }
                        int o = (nc * oh + i) * ow + j;
                        yd[o] = bv;
                        argmax[o] = best;
                    }
                }
            }
        });
    }

    /**
     * The common 2x2, stride-2 window without the generic loop's data-dependent branches, which
     * mispredict on every other element of real activations: selects compile to conditional moves.
     * Same rule as the generic path: the first maximum in scan order wins, a NaN only when first.
     */
    private static void maxPool2x2(float[] x, float[] y, int[] argmax, int fromPlane, int toPlane,
                                   int h, int w, int oh, int ow) {
        for (int nc = fromPlane; nc < toPlane; nc++) {
            for (int i = 0; i < oh; i++) {
                int top = (nc * h + 2 * i) * w;
                int o = (nc * oh + i) * ow;
                for (int j = 0; j < ow; j++, o++) {
                    int r0 = top + 2 * j, r1 = r0 + w;
                    float a = x[r0], b = x[r0 + 1], c = x[r1], d = x[r1 + 1];
                    int best = r0;
                    float m = a;
                    best = b > m ? r0 + 1 : best;
                    m = b > m ? b : m;
                    best = c > m ? r1 : best;
                    m = c > m ? c : m;
                    best = d > m ? r1 + 1 : best;
                    m = d > m ? d : m;
                    y[o] = m;
                    argmax[o] = best;
                }
            }
        }
    }

    void maxPoolBackward(Tensor gy, int[] argmax, Tensor gx) {
        float[] gyd = gy.data(), gxd = gx.data();
        boolean planar = gy.rank() == 4 && gx.rank() == 4 && gy.dim(0) == gx.dim(0) && gy.dim(1) == gx.dim(1);
        if (!planar) {
            Arrays.fill(gxd, 0f);
            for (int i = 0; i < gy.size(); i++) gxd[argmax[i]] += gyd[i];
            return;
        }
        // every window of plane nc lies inside plane nc of x, so planes can go to different parts
        int planes = gy.dim(0) * gy.dim(1);
        int outPlane = gy.dim(2) * gy.dim(3), inPlane = gx.dim(2) * gx.dim(3);
        pool.forRange(planes, Math.max(1, ELEMENT_GRAIN / inPlane), (p, from, to) -> {
            Arrays.fill(gxd, from * inPlane, to * inPlane, 0f);
            for (int i = from * outPlane; i < to * outPlane; i++) gxd[argmax[i]] += gyd[i];
        });
    }

    void globalAvgPoolForward(Tensor x, Tensor y) {
        int planes = x.dim(0) * x.dim(1), sp = BatchNormOps.spatial(x);
        float[] xd = x.data(), yd = y.data();
        pool.forRange(planes, Math.max(1, ELEMENT_GRAIN / sp), (p, from, to) -> {
            for (int i = from; i < to; i++) yd[i] = (float) (Kernels.sum(xd, i * sp, sp) / sp);
        });
    }

    void globalAvgPoolBackward(Tensor gy, Tensor gx) {
        int planes = gx.dim(0) * gx.dim(1), sp = BatchNormOps.spatial(gx);
        float[] gyd = gy.data(), gxd = gx.data();
        pool.forRange(planes, Math.max(1, ELEMENT_GRAIN / sp), (p, from, to) -> {
            for (int i = from; i < to; i++) Kernels.fill(gxd, i * sp, sp, gyd[i] / sp);
        });
    }

    double softmaxCrossEntropy(Tensor logits, int[] labels, float smoothing, Tensor grad) {
        int n = logits.dim(0), k = logits.dim(1);
        if (labels.length < n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " rows of logits");
        }
        float[] ld = logits.data();
        float[] gd = grad == null ? null : grad.data();
        double[] rowLoss = new double[n];
        pool.forRange(n, Math.max(1, ELEMENT_GRAIN / (8 * k)), (part, from, to) -> {
            double[] prob = new double[k];
            for (int i = from; i < to; i++) {
                int label = labels[i];
                if (label < 0 || label >= k) {
                    throw new IllegalArgumentException("label " + label + " of row " + i + " is outside [0, " + k + ")");
                }
                int row = i * k;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) max = Math.max(max, ld[row + j]);
                double z = 0;
                for (int j = 0; j < k; j++) {
                    prob[j] = Math.exp(ld[row + j] - max);
                    z += prob[j];
                }
                double logZ = Math.log(z) + max;
                double loss = 0;
                for (int j = 0; j < k; j++) {
                    double target = (j == label ? 1 - smoothing : 0) + smoothing / k;
                    loss -= target * (ld[row + j] - logZ);
                    if (gd != null) gd[row + j] = (float) ((prob[j] / z - target) / n);
                }
                rowLoss[i] = loss;
            }
        });
        double total = 0;
        for (double l : rowLoss) total += l;
        return total / n;
    }
}
