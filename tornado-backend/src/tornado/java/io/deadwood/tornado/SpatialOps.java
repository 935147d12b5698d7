package io.deadwood.tornado;

import static io.deadwood.tornado.KernelPlan.capacity;
import static io.deadwood.tornado.KernelPlan.get;
import static io.deadwood.tornado.KernelPlan.put;
import static uk.ac.manchester.tornado.api.enums.DataTransferMode.EVERY_EXECUTION;
import static uk.ac.manchester.tornado.api.enums.DataTransferMode.FIRST_EXECUTION;

import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.tornado.kernels.BatchNormKernels;
import io.deadwood.tornado.kernels.ConvKernels;
import io.deadwood.tornado.kernels.PoolKernels;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/** Convolution, pooling and batch norm on TornadoVM; see {@link TornadoComputeBackend}. */
final class SpatialOps {
    /** Threads the first pass of the filter gradient aims for (batch groups x weights). */
    private static final int FILTER_THREADS = 1 << 16;

    private final PlanCache plans;

    SpatialOps(PlanCache plans) {
        this.plans = plans;
    }

    private static void convParams(KernelPlan p, Conv2dSpec s, boolean bias, int groups) {
        int[] ip = {s.batch(), s.inChannels(), s.inHeight(), s.inWidth(), s.outChannels(), s.kernel(), s.stride(),
                    s.padding(), s.outHeight(), s.outWidth(), bias ? 1 : 0, groups};
        for (int i = 0; i < ip.length; i++) p.ip.set(i, ip[i]);
    }

    void convForward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dSpec s) {
        int[] caps = {capacity(x.size()), capacity(w.size()), capacity(s.outChannels()), capacity(y.size())};
        KernelPlan p = plans.get("convForward", caps, name -> {
            FloatArray xs = new FloatArray(caps[0]), ws = new FloatArray(caps[1]);
            FloatArray bs = new FloatArray(caps[2]), ys = new FloatArray(caps[3]);
            KernelPlan plan = new KernelPlan(name, new Object[] {xs, ws, bs, ys}, plans.stats);
            TaskGraph g = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, xs, ws, bs)
                    .task("conv", ConvKernels::forward, new KernelContext(), plan.ip, xs, ws, bs, ys)
                    .transferToHost(EVERY_EXECUTION, ys);
            return plan.grid1d("conv").compile(g, plans.device);
        });
        put(x.data(), 0, p.f(0), 0, x.size());
        put(w.data(), 0, p.f(1), 0, w.size());
        if (bias != null) put(bias.data(), 0, p.f(2), 0, s.outChannels());
        convParams(p, s, bias != null, 1);
        p.size1d("conv", y.size());
        p.run();
        get(p.f(3), 0, y.data(), 0, y.size());
    }

    void convBackwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec s) {
        int[] caps = {capacity(gy.size()), capacity(w.size()), capacity(gx.size())};
        KernelPlan p = plans.get("convBackwardData", caps, name -> {
            FloatArray gys = new FloatArray(caps[0]), ws = new FloatArray(caps[1]), gxs = new FloatArray(caps[2]);
            KernelPlan plan = new KernelPlan(name, new Object[] {gys, ws, gxs}, plans.stats);
            TaskGraph g = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, gys, ws)
                    .task("conv", ConvKernels::backwardData, new KernelContext(), plan.ip, gys, ws, gxs)
                    .transferToHost(EVERY_EXECUTION, gxs);
            return plan.grid1d("conv").compile(g, plans.device);
        });
        put(gy.data(), 0, p.f(0), 0, gy.size());
        put(w.data(), 0, p.f(1), 0, w.size());
        convParams(p, s, false, 1);
        p.size1d("conv", gx.size());
        p.run();
        get(p.f(2), 0, gx.data(), 0, gx.size());
    }

    void convBackwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec s) {
        int entries = gw.size() + s.outChannels();
        // the group count depends on the shapes only, so the summation order is fixed
        int groups = Math.max(1, Math.min(s.batch(), FILTER_THREADS / entries));
        int[] caps = {capacity(x.size()), capacity(gy.size()), capacity(groups * entries), capacity(entries)};
        KernelPlan p = plans.get("convBackwardFilter", caps, name -> {
            FloatArray xs = new FloatArray(caps[0]), gys = new FloatArray(caps[1]);
            FloatArray partial = new FloatArray(caps[2]), out = new FloatArray(caps[3]);
            KernelPlan plan = new KernelPlan(name, new Object[] {xs, gys, partial, out}, plans.stats);
            TaskGraph g = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, xs, gys)
                    .transferToDevice(FIRST_EXECUTION, partial)
                    .task("partial", ConvKernels::filterPartial, new KernelContext(), plan.ip, xs, gys, partial)
                    .task("biasPartial", ConvKernels::biasPartial, new KernelContext(), plan.ip, gys, partial)
                    .task("reduce", ConvKernels::backwardFilterReduce, new KernelContext(), plan.ip, partial, out)
                    .transferToHost(EVERY_EXECUTION, out);
            return plan.grid1d("partial").grid1d("biasPartial").grid1d("reduce").compile(g, plans.device);
        });
        put(x.data(), 0, p.f(0), 0, x.size());
        put(gy.data(), 0, p.f(1), 0, gy.size());
        convParams(p, s, gbias != null, groups);
        p.size1d("partial", groups * gw.size());
        p.size1d("biasPartial", groups * s.outChannels());
        p.size1d("reduce", entries);
        p.run();
        get(p.f(3), 0, gw.data(), 0, gw.size());
        if (gbias != null) get(p.f(3), gw.size(), gbias.data(), 0, s.outChannels());
    }

    private static int spatial(Tensor x) {
        int s = 1;
        for (int a = 2; a < x.rank(); a++) s *= x.dim(a);
        return s;
    }

    void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                          float momentum, float eps, boolean training, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int n = x.dim(0), c = x.dim(1), sp = spatial(x);
        int[] caps = {capacity(x.size()), capacity(c)};
        KernelPlan p = plans.get("batchNormForward", caps, name -> {
            FloatArray xs = new FloatArray(caps[0]), ys = new FloatArray(caps[0]);
            FloatArray g = new FloatArray(caps[1]), b = new FloatArray(caps[1]), rm = new FloatArray(caps[1]);
            FloatArray rv = new FloatArray(caps[1]), mean = new FloatArray(caps[1]), inv = new FloatArray(caps[1]);
            KernelPlan plan = new KernelPlan(name, new Object[] {xs, g, b, rm, rv, mean, inv, ys}, plans.stats);
            TaskGraph graph = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, plan.fp, xs, g, b, rm, rv)
                    .task("stats", BatchNormKernels::statistics, new KernelContext(), plan.ip, plan.fp, xs, rm, rv, mean, inv)
                    .task("normalize", BatchNormKernels::normalizeElements, new KernelContext(), plan.ip, xs, g, b, mean, inv, ys)
                    .transferToHost(EVERY_EXECUTION, rm, rv, mean, inv, ys);
            return plan.grid1d("stats").grid1d("normalize").compile(graph, plans.device);
        });
        put(x.data(), 0, p.f(0), 0, x.size());
        put(gamma.data(), 0, p.f(1), 0, c);
        put(beta.data(), 0, p.f(2), 0, c);
        put(runningMean.data(), 0, p.f(3), 0, c);
        put(runningVar.data(), 0, p.f(4), 0, c);
        int[] ip = {n, c, sp, training ? 1 : 0};
        for (int i = 0; i < ip.length; i++) p.ip.set(i, ip[i]);
        p.fp.set(0, momentum);
        p.fp.set(1, eps);
        p.size1d("stats", c);
        p.size1d("normalize", x.size());
        p.run();
        get(p.f(7), 0, y.data(), 0, y.size());
        if (training) {
            get(p.f(3), 0, runningMean.data(), 0, c);
            get(p.f(4), 0, runningVar.data(), 0, c);
            get(p.f(5), 0, saveMean.data(), 0, c);
            get(p.f(6), 0, saveInvStd.data(), 0, c);
        }
    }

    void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                           Tensor gx, Tensor ggamma, Tensor gbeta) {
        int n = x.dim(0), c = x.dim(1), sp = spatial(x);
        int[] caps = {capacity(x.size()), capacity(c)};
        KernelPlan p = plans.get("batchNormBackward", caps, name -> {
            FloatArray xs = new FloatArray(caps[0]), gys = new FloatArray(caps[0]), gxs = new FloatArray(caps[0]);
            FloatArray g = new FloatArray(caps[1]), mean = new FloatArray(caps[1]), inv = new FloatArray(caps[1]);
            FloatArray gg = new FloatArray(caps[1]), gb = new FloatArray(caps[1]);
            KernelPlan plan = new KernelPlan(name, new Object[] {xs, gys, g, mean, inv, gg, gb, gxs}, plans.stats);
            TaskGraph graph = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, xs, gys, g, mean, inv)
                    .task("sums", BatchNormKernels::backwardSums, new KernelContext(), plan.ip, xs, gys, mean, inv, gg, gb)
                    .task("data", BatchNormKernels::backwardData, new KernelContext(), plan.ip, xs, gys, g, mean, inv, gg, gb, gxs)
                    .transferToHost(EVERY_EXECUTION, gg, gb, gxs);
            return plan.grid1d("sums").grid1d("data").compile(graph, plans.device);
        });
        put(x.data(), 0, p.f(0), 0, x.size());
        put(gy.data(), 0, p.f(1), 0, x.size());
        put(gamma.data(), 0, p.f(2), 0, c);
        put(saveMean.data(), 0, p.f(3), 0, c);
        put(saveInvStd.data(), 0, p.f(4), 0, c);
        int[] ip = {n, c, sp, 1};
        for (int i = 0; i < ip.length; i++) p.ip.set(i, ip[i]);
        p.size1d("sums", c);
        p.size1d("data", x.size());
        p.run();
        get(p.f(5), 0, ggamma.data(), 0, c);
        get(p.f(6), 0, gbeta.data(), 0, c);
        get(p.f(7), 0, gx.data(), 0, gx.size());
    }

    void maxPoolForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec s) {
        int[] caps = {capacity(x.size()), capacity(y.size())};
        KernelPlan p = plans.get("maxPoolForward", caps, name -> {
            FloatArray xs = new FloatArray(caps[0]), ys = new FloatArray(caps[1]);
            IntArray arg = new IntArray(caps[1]);
            KernelPlan plan = new KernelPlan(name, new Object[] {xs, ys, arg}, plans.stats);
            TaskGraph g = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, xs)
                    .task("pool", PoolKernels::maxForward, new KernelContext(), plan.ip, xs, ys, arg)
                    .transferToHost(EVERY_EXECUTION, ys, arg);
            return plan.grid1d("pool").compile(g, plans.device);
        });
        put(x.data(), 0, p.f(0), 0, x.size());
        int[] ip = {s.batch() * s.channels(), s.inHeight(), s.inWidth(), s.outHeight(), s.outWidth(), s.window(), s.stride()};
        for (int i = 0; i < ip.length; i++) p.ip.set(i, ip[i]);
        p.size1d("pool", y.size());
        p.run();
        get(p.f(1), 0, y.data(), 0, y.size());
        get(p.i(2), argmax, y.size());
    }

    /** Each (n, c) plane is one thread, so argmax must point into the output's own plane (as forward gives). */
    void maxPoolBackward(Tensor gy, int[] argmax, Tensor gx) {
        int planes = gx.dim(0) * gx.dim(1);
        int[] caps = {capacity(gy.size()), capacity(gx.size())};
        KernelPlan p = plans.get("maxPoolBackward", caps, name -> {
            FloatArray gys = new FloatArray(caps[0]), gxs = new FloatArray(caps[1]);
            IntArray arg = new IntArray(caps[0]);
            KernelPlan plan = new KernelPlan(name, new Object[] {gys, arg, gxs}, plans.stats);
            TaskGraph g = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, gys, arg)
                    .task("pool", PoolKernels::maxBackward, new KernelContext(), plan.ip, gys, arg, gxs)
                    .transferToHost(EVERY_EXECUTION, gxs);
            return plan.grid1d("pool").compile(g, plans.device);
        });
        put(gy.data(), 0, p.f(0), 0, gy.size());
        KernelPlan.put(argmax, p.i(1), gy.size());
        p.ip.set(0, planes);
        p.ip.set(1, gx.size() / planes);
        p.ip.set(2, gy.size() / planes);
        p.size1d("pool", planes);
        p.run();
        get(p.f(2), 0, gx.data(), 0, gx.size());
    }

    void averagePoolForward(Tensor x, Tensor y) {
        int planes = x.dim(0) * x.dim(1);
        int[] caps = {capacity(x.size()), capacity(planes)};
        KernelPlan p = plans.get("averagePoolForward", caps, name -> {
            FloatArray xs = new FloatArray(caps[0]), ys = new FloatArray(caps[1]);
            KernelPlan plan = new KernelPlan(name, new Object[] {xs, ys}, plans.stats);
            TaskGraph g = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, xs)
                    .task("pool", PoolKernels::averageForward, new KernelContext(), plan.ip, xs, ys)
                    .transferToHost(EVERY_EXECUTION, ys);
            return plan.grid1d("pool").compile(g, plans.device);
        });
        put(x.data(), 0, p.f(0), 0, x.size());
        p.ip.set(0, planes);
        p.ip.set(1, spatial(x));
        p.size1d("pool", planes);
        p.run();
        get(p.f(1), 0, y.data(), 0, planes);
    }

    void averagePoolBackward(Tensor gy, Tensor gx) {
        int planes = gx.dim(0) * gx.dim(1);
        int[] caps = {capacity(planes), capacity(gx.size())};
        KernelPlan p = plans.get("averagePoolBackward", caps, name -> {
            FloatArray gys = new FloatArray(caps[0]), gxs = new FloatArray(caps[1]);
            KernelPlan plan = new KernelPlan(name, new Object[] {gys, gxs}, plans.stats);
            TaskGraph g = new TaskGraph(name)
                    .transferToDevice(EVERY_EXECUTION, plan.ip, gys)
                    .task("pool", PoolKernels::averageBackward, new KernelContext(), plan.ip, gys, gxs)
                    .transferToHost(EVERY_EXECUTION, gxs);
            return plan.grid1d("pool").compile(g, plans.device);
        });
        put(gy.data(), 0, p.f(0), 0, planes);
        p.ip.set(0, planes);
        p.ip.set(1, spatial(gx));
        p.size1d("pool", gx.size());
        p.run();
        get(p.f(1), 0, gx.data(), 0, gx.size());
    }
}
