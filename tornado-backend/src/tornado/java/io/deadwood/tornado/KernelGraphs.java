package io.deadwood.tornado;

import static uk.ac.manchester.tornado.api.enums.DataTransferMode.EVERY_EXECUTION;

import io.deadwood.tornado.kernels.BatchNormKernels;
import io.deadwood.tornado.kernels.ConvKernels;
import io.deadwood.tornado.kernels.ElementKernels;
import io.deadwood.tornado.kernels.GemmKernels;
import io.deadwood.tornado.kernels.LossKernels;
import io.deadwood.tornado.kernels.OptimizerKernels;
import io.deadwood.tornado.kernels.PoolKernels;
import java.util.ArrayList;
import java.util.List;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Every task graph of the device plan, over one pair of arenas. Each graph takes both arenas from
 * the graph that ran before it and leaves them on the device for the next (TornadoVM hands a
 * device buffer from graph to graph only within one plan), so tensors stay in device memory from
 * op to op and step to step; only the parameter arrays travel each time. Host copies go through
 * staging graphs in a few sizes, so a small copy does not move a large staging array.
 */
final class KernelGraphs {
    /** Staging sizes for host copies, in elements; larger copies go in pieces of the largest. */
    static final int[] STAGES = {1 << 12, 1 << 15, 1 << 18, 1 << 21};
    /** Rows of the loss per launch (its per-row losses come back in one double array). */
    static final int LOSS_ROWS = 4096;

    final FloatArray mem;
    final IntArray imem;
    final List<Launch> all = new ArrayList<>();

    final Launch owner;
    final Launch[] floatsIn = new Launch[STAGES.length], floatsOut = new Launch[STAGES.length];
    final Launch[] intsIn = new Launch[STAGES.length], intsOut = new Launch[STAGES.length];
    final FloatArray[] floatStage = new FloatArray[STAGES.length];
    final IntArray[] intStage = new IntArray[STAGES.length];
    final DoubleArray rowLoss = new DoubleArray(LOSS_ROWS);

    final Launch gemm, columnSums, elementwise, maskChannels, countZeros, softmax, sgd, adamw;
    final Launch convForward, convBackwardData, convBackwardFilter, batchNormForward, batchNormBackward;
    final Launch maxPoolForward, maxPoolBackward, averagePoolForward, averagePoolBackward;

    KernelGraphs(long floats, long ints) {
        mem = new FloatArray(Math.toIntExact(floats));
        imem = new IntArray(Math.toIntExact(ints));
        owner = new Launch("memory").grid1d("clear");
        owner.graph = new TaskGraph(owner.name)
                .transferToDevice(EVERY_EXECUTION, owner.ip)
                .task("clear", ElementKernels::clear, new KernelContext(), owner.ip, mem, imem)
                .persistOnDevice(mem, imem);
        all.add(owner);
        for (int i = 0; i < STAGES.length; i++) {
            FloatArray fs = floatStage[i] = new FloatArray(STAGES[i]);
            IntArray is = intStage[i] = new IntArray(STAGES[i]);
            floatsIn[i] = add(graph("upload" + STAGES[i], false).transferToDevice(EVERY_EXECUTION, fs)
                    .task("copy", ElementKernels::stageIn, new KernelContext(), lastIp, mem, fs), "copy");
            floatsOut[i] = add(graph("download" + STAGES[i], false)
                    .task("copy", ElementKernels::stageOut, new KernelContext(), lastIp, mem, fs)
                    .transferToHost(EVERY_EXECUTION, fs), "copy");
            intsIn[i] = add(graph("uploadInts" + STAGES[i], false).transferToDevice(EVERY_EXECUTION, is)
                    .task("copy", ElementKernels::stageIntsIn, new KernelContext(), lastIp, imem, is), "copy");
            intsOut[i] = add(graph("downloadInts" + STAGES[i], false)
                    .task("copy", ElementKernels::stageIntsOut, new KernelContext(), lastIp, imem, is)
                    .transferToHost(EVERY_EXECUTION, is), "copy");
        }
        gemm = add2d(graph("gemm", true).task("gemm", GemmKernels::gemm, new KernelContext(), lastIp, lastFp, mem));
        columnSums = add(graph("colsum", false)
                .task("sums", GemmKernels::columnSums, new KernelContext(), lastIp, mem), "sums");
        elementwise = add(graph("elementwise", false)
                .task("apply", ElementKernels::elementwise, new KernelContext(), lastIp, mem), "apply");
        maskChannels = add(graph("maskChannels", false)
                .task("mask", ElementKernels::maskChannels, new KernelContext(), lastIp, mem, imem), "mask");
        countZeros = add(graph("countZeros", false)
                .task("count", ElementKernels::countZeros, new KernelContext(), lastIp, mem, imem), "count");
        softmax = add(graph("softmax", true)
                .task("loss", LossKernels::softmaxCrossEntropy, new KernelContext(), lastIp, lastFp, mem, imem, rowLoss)
                .transferToHost(EVERY_EXECUTION, rowLoss), "loss");
        sgd = add(graph("sgd", true)
                .task("update", OptimizerKernels::sgd, new KernelContext(), lastIp, lastFp, mem), "update");
        Launch adam = new Launch("adamw");
        adamw = add(open(adam, true).transferToDevice(EVERY_EXECUTION, adam.dp)
                .task("update", OptimizerKernels::adamw, new KernelContext(), adam.ip, adam.fp, adam.dp, mem), "update");
        convForward = add(graph("convForward", false)
                .task("conv", ConvKernels::forward, new KernelContext(), lastIp, mem), "conv");
        convBackwardData = add(graph("convBackwardData", false)
                .task("conv", ConvKernels::backwardData, new KernelContext(), lastIp, mem), "conv");
        convBackwardFilter = add(graph("convBackwardFilter", false)
                .task("partial", ConvKernels::filterPartial, new KernelContext(), lastIp, mem)
                .task("biasPartial", ConvKernels::biasPartial, new KernelContext(), lastIp, mem)
                .task("reduce", ConvKernels::backwardFilterReduce, new KernelContext(), lastIp, mem),
                "partial", "biasPartial", "reduce");
        batchNormForward = add(graph("batchNormForward", true)
                .task("stats", BatchNormKernels::statistics, new KernelContext(), lastIp, lastFp, mem)
                .task("normalize", BatchNormKernels::normalizeElements, new KernelContext(), lastIp, mem),
                "stats", "normalize");
        batchNormBackward = add(graph("batchNormBackward", false)
                .task("sums", BatchNormKernels::backwardSums, new KernelContext(), lastIp, mem)
                .task("data", BatchNormKernels::backwardData, new KernelContext(), lastIp, mem), "sums", "data");
        maxPoolForward = add(graph("maxPoolForward", false)
                .task("pool", PoolKernels::maxForward, new KernelContext(), lastIp, mem, imem), "pool");
        maxPoolBackward = add(graph("maxPoolBackward", false)
                .task("pool", PoolKernels::maxBackward, new KernelContext(), lastIp, mem, imem), "pool");
        averagePoolForward = add(graph("averagePoolForward", false)
                .task("pool", PoolKernels::averageForward, new KernelContext(), lastIp, mem), "pool");
        averagePoolBackward = add(graph("averagePoolBackward", false)
                .task("pool", PoolKernels::averageBackward, new KernelContext(), lastIp, mem), "pool");
    }

    // the launch whose graph is being built, so that the builder calls above can name its arrays
    private Launch last;
    private IntArray lastIp;
    private FloatArray lastFp;

    private TaskGraph graph(String name, boolean floats) {
        return open(new Launch(name), floats);
    }

    private TaskGraph open(Launch l, boolean floats) {
        last = l;
        lastIp = l.ip;
        lastFp = l.fp;
        TaskGraph g = new TaskGraph(l.name).transferToDevice(EVERY_EXECUTION, l.ip);
        if (floats) g = g.transferToDevice(EVERY_EXECUTION, l.fp);
        return g.consumeFromDevice(mem, imem);
    }

    private Launch add(TaskGraph g, String... tasks) {
        for (String t : tasks) last.grid1d(t);
        last.graph = g.persistOnDevice(mem, imem);
        all.add(last);
        return last;
    }

    private Launch add2d(TaskGraph g) {
        last.grid2d("gemm", GemmKernels.TILE);
        last.graph = g.persistOnDevice(mem, imem);
        all.add(last);
        return last;
    }

    /** The smallest staging size that holds n elements, or the largest. */
    static int stage(int n) {
        for (int i = 0; i < STAGES.length; i++) {
            if (n <= STAGES[i]) return i;
        }
        return STAGES.length - 1;
    }
}
