package io.deadwood.tornado;

import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.tensor.Tensor;

/**
 * Convolution, pooling and batch norm on the device arena; see {@link TornadoComputeBackend}, which
 * runs each of these inside its retry on a full arena. Inputs are claimed before outputs, so an
 * output that is also an input is uploaded first.
 */
final class SpatialOps {
    /** Threads the first pass of the filter gradient aims for (batch groups x weights). */
    private static final int FILTER_THREADS = 1 << 16;

    private final DeviceArena arena;
    // keys of device-only regions
    private final Object filterPartials = new Object(), batchMean = new Object(), batchInvStd = new Object();

    SpatialOps(DeviceArena arena) {
        this.arena = arena;
    }

    private static void convParams(Launch l, Conv2dSpec s, boolean bias, int groups) {
        l.ints(s.batch(), s.inChannels(), s.inHeight(), s.inWidth(), s.outChannels(), s.kernel(), s.stride(),
                s.padding(), s.outHeight(), s.outWidth(), bias ? 1 : 0, groups);
    }

    void convForward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dSpec s) {
        if (y.size() == 0) return;
        int xo = arena.in(x), wo = arena.in(w), bo = bias == null ? 0 : arena.in(bias), yo = arena.out(y);
        Launch l = arena.graphs().convForward;
        convParams(l, s, bias != null, 1);
        l.offsets(xo, wo, bo, yo);
        l.size1d("conv", y.size());
        arena.run(l);
    }

    void convBackwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec s) {
        if (gx.size() == 0) return;
        int gyo = arena.in(gy), wo = arena.in(w), gxo = arena.out(gx);
        Launch l = arena.graphs().convBackwardData;
        convParams(l, s, false, 1);
        l.offsets(gyo, wo, gxo);
        l.size1d("conv", gx.size());
        arena.run(l);
    }

    void convBackwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec s) {
        int entries = gw.size() + s.outChannels();
        // the group count depends on the shapes only, so the summation order is fixed
        int groups = Math.max(1, Math.min(s.batch(), FILTER_THREADS / entries));
        int xo = arena.in(x), gyo = arena.in(gy), po = arena.scratch(filterPartials, groups * entries);
        int gwo = arena.out(gw), gbo = gbias == null ? 0 : arena.out(gbias);
        Launch l = arena.graphs().convBackwardFilter;
        convParams(l, s, gbias != null, groups);
        l.offsets(xo, gyo, po, gwo, gbo);
        l.size1d("partial", groups * gw.size());
        l.size1d("biasPartial", groups * s.outChannels());
        l.size1d("reduce", entries);
        arena.run(l);
    }

    private static int spatial(Tensor x) {
        int s = 1;
        for (int a = 2; a < x.rank(); a++) s *= x.dim(a);
        return s;
    }

    void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                          float momentum, float eps, boolean training, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int n = x.dim(0), c = x.dim(1), sp = spatial(x);
        int xo = arena.in(x), go = arena.in(gamma), bo = arena.in(beta);
        // evaluation reads the running statistics and leaves them, and the saved ones, as they are
        int rm = training ? arena.inOut(runningMean) : arena.in(runningMean);
        int rv = training ? arena.inOut(runningVar) : arena.in(runningVar);
        int mo = training ? arena.out(saveMean) : arena.scratch(batchMean, c);
        int io = training ? arena.out(saveInvStd) : arena.scratch(batchInvStd, c);
        int yo = arena.out(y);
        Launch l = arena.graphs().batchNormForward;
        l.ints(n, c, sp, training ? 1 : 0);
        l.offsets(xo, go, bo, rm, rv, mo, io, yo);
        l.floats(momentum, eps);
        l.size1d("stats", c);
        l.size1d("normalize", x.size());
        arena.run(l);
    }

    void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                           Tensor gx, Tensor ggamma, Tensor gbeta) {
        int n = x.dim(0), c = x.dim(1), sp = spatial(x);
        int xo = arena.in(x), gyo = arena.in(gy), go = arena.in(gamma), mo = arena.in(saveMean), io = arena.in(saveInvStd);
        int ggo = arena.out(ggamma), gbo = arena.out(gbeta), gxo = arena.out(gx);
        Launch l = arena.graphs().batchNormBackward;
        l.ints(n, c, sp, 1);
        l.offsets(xo, gyo, go, mo, io, ggo, gbo, gxo);
        l.size1d("sums", c);
        l.size1d("data", x.size());
        arena.run(l);
    }

    void maxPoolForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec s) {
        if (y.size() == 0) return;
        int xo = arena.in(x), yo = arena.out(y), ao = arena.intsOut(argmax, y.size());
        Launch l = arena.graphs().maxPoolForward;
        l.ints(s.batch() * s.channels(), s.inHeight(), s.inWidth(), s.outHeight(), s.outWidth(), s.window(), s.stride());
        l.offsets(xo, yo, ao);
        l.size1d("pool", y.size());
        arena.run(l);
    }

    /** Each (n, c) plane is one thread, so argmax must point into the output's own plane (as forward gives). */
    void maxPoolBackward(Tensor gy, int[] argmax, Tensor gx) {
        int planes = gx.dim(0) * gx.dim(1);
        if (planes == 0) return;
        int gyo = arena.in(gy), ao = arena.intsIn(argmax, gy.size()), gxo = arena.out(gx);
        Launch l = arena.graphs().maxPoolBackward;
        l.ints(planes, gx.size() / planes, gy.size() / planes);
        l.offsets(gyo, gxo, ao);
        l.size1d("pool", planes);
        arena.run(l);
    }

    void averagePoolForward(Tensor x, Tensor y) {
        int planes = x.dim(0) * x.dim(1);
        if (planes == 0) return;
        int xo = arena.in(x), yo = arena.out(y);
        Launch l = arena.graphs().averagePoolForward;
        l.ints(planes, spatial(x));
        l.offsets(xo, yo);
        l.size1d("pool", planes);
        arena.run(l);
    }

    void averagePoolBackward(Tensor gy, Tensor gx) {
        int planes = gx.dim(0) * gx.dim(1);
        if (planes == 0) return;
        int gyo = arena.in(gy), gxo = arena.out(gx);
        Launch l = arena.graphs().averagePoolBackward;
        l.ints(planes, spatial(gx));
        l.offsets(gyo, gxo);
        l.size1d("pool", gx.size());
        arena.run(l);
    }
}
