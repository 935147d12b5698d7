package io.deadwood.cpu;

import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;

/**
 * Max and global average pooling, split into whole planes, so each output element is written by
 * exactly one part in the same order as the scalar reference. As in {@link ElementOps}, a call's
 * arguments reach its parts through fields, so the calls are synchronized.
 */
final class PoolOps {
    private static final int ELEMENT_GRAIN = ElementOps.ELEMENT_GRAIN;

    private final WorkerPool pool;
    private final WorkerPool.RangeBody maxForwardPart = this::maxForwardPart;
    private final WorkerPool.RangeBody maxBackwardPart = this::maxBackwardPart;
    private final WorkerPool.RangeBody avgForwardPart = this::avgForwardPart;
    private final WorkerPool.RangeBody avgBackwardPart = this::avgBackwardPart;

    // The call in progress: input in, output out, max-pool indices, geometry.
    private float[] in;
    private float[] out;
    private int[] argmax;
    private Pool2dSpec spec;
    private int inPlane;
    private int outPlane;
    /** The 2x2 pool's window map for the last plane size it served. */
    private MaxPool2x2 pairs;

    PoolOps(WorkerPool pool) {
        this.pool = pool;
    }

    synchronized void maxPoolForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec s) {
        in = x.data();
        out = y.data();
        this.argmax = argmax;
        spec = s;
        int planes = s.batch() * s.channels();
        if (s.window() == 2 && s.stride() == 2) pairs = MaxPool2x2.forPlane(pairs, s.inHeight(), s.inWidth());
        pool.forRange(planes, Math.max(1, ELEMENT_GRAIN / (s.inHeight() * s.inWidth())), maxForwardPart);
    }

    private void maxForwardPart(int p, int from, int to) {
        Pool2dSpec s = spec;
        int oh = s.outHeight(), ow = s.outWidth(), h = s.inHeight(), w = s.inWidth();
        int win = s.window(), st = s.stride();
        float[] xd = in, yd = out;
        if (win == 2 && st == 2) {
            pairs.run(xd, yd, argmax, from, to);
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
    }

    synchronized void maxPoolBackward(Tensor gy, int[] argmax, Tensor gx) {
        float[] gyd = gy.data(), gxd = gx.data();
        boolean planar = gy.rank() == 4 && gx.rank() == 4 && gy.dim(0) == gx.dim(0) && gy.dim(1) == gx.dim(1);
        if (!planar) {
            Arrays.fill(gxd, 0f);
            for (int i = 0; i < gy.size(); i++) gxd[argmax[i]] += gyd[i];
            return;
        }
        // every window of plane nc lies inside plane nc of x, so planes can go to different parts
        in = gyd;
        out = gxd;
        this.argmax = argmax;
        outPlane = gy.dim(2) * gy.dim(3);
        inPlane = gx.dim(2) * gx.dim(3);
        pool.forRange(gy.dim(0) * gy.dim(1), Math.max(1, ELEMENT_GRAIN / inPlane), maxBackwardPart);
    }

    private void maxBackwardPart(int p, int from, int to) {
        float[] gyd = in, gxd = out;
        Arrays.fill(gxd, from * inPlane, to * inPlane, 0f);
        for (int i = from * outPlane; i < to * outPlane; i++) gxd[argmax[i]] += gyd[i];
    }

    synchronized void globalAvgPoolForward(Tensor x, Tensor y) {
        in = x.data();
        out = y.data();
        inPlane = BatchNormOps.spatial(x);
        pool.forRange(x.dim(0) * x.dim(1), Math.max(1, ELEMENT_GRAIN / inPlane), avgForwardPart);
    }

    private void avgForwardPart(int p, int from, int to) {
        int sp = inPlane;
        for (int i = from; i < to; i++) out[i] = (float) (Kernels.sum(in, i * sp, sp) / sp);
    }

    synchronized void globalAvgPoolBackward(Tensor gy, Tensor gx) {
        in = gy.data();
        out = gx.data();
        inPlane = BatchNormOps.spatial(gx);
        pool.forRange(gx.dim(0) * gx.dim(1), Math.max(1, ELEMENT_GRAIN / inPlane), avgBackwardPart);
    }

    private void avgBackwardPart(int p, int from, int to) {
        int sp = inPlane;
        for (int i = from; i < to; i++) Kernels.fill(out, i * sp, sp, in[i] / sp);
    }
}
