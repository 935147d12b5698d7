package io.deadwood.tornado;

import static uk.ac.manchester.tornado.api.enums.DataTransferMode.EVERY_EXECUTION;

import io.deadwood.tornado.kernels.BatchNormKernels;
import io.deadwood.tornado.kernels.ConvKernels;
import io.deadwood.tornado.kernels.ElementKernels;
import io.deadwood.tornado.kernels.GemmKernels;
import io.deadwood.tornado.kernels.LossKernels;
import io.deadwood.tornado.kernels.MethodKernels;
import io.deadwood.tornado.kernels.OptimizerKernels;
import io.deadwood.tornado.kernels.PoolKernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Every task graph of the device plan, over one pair of arenas. Each graph takes both arenas from
 * the graph that ran before it and leaves them on the device for the next (TornadoVM hands a
 * device buffer from graph to graph only within one plan), so tensors stay in device memory from
 * op to op and step to step; only the parameter arrays travel each time.
 *
 * <p>There is a graph per op, and a graph per layer pass that has been seen once (named after it,
 * e.g. {@code conv1_forward}), holding that pass's ops as consecutive tasks, so a layer runs as one
 * launch. Host copies go through staging graphs in a few sizes, so a small copy does not move a
 * large staging array.
 */
final class KernelGraphs {
    /** Staging sizes for host copies, in elements; larger copies go in pieces of the largest. */
    static final int[] STAGES = {1 << 12, 1 << 15, 1 << 18, 1 << 21};
    /**
     * Rows of the loss per launch: its per-row losses and hits come back whole (12 bytes a row) with
     * every launch that scores a batch, so they are sized for common batches, not the largest.
     */
    static final int LOSS_ROWS = 1024;

    /** Adds an op's tasks, reading their parameters from {@code p}, to a graph. */
    interface Tasks {
        TaskGraph add(TaskGraph g, String prefix, Launch p);
    }

    final FloatArray mem;
    final IntArray imem;
    final List<Launch> all = new ArrayList<>();
    /** The graph of each layer pass, by the pass's name. */
    final Map<String, LayerGraph> layers = new LinkedHashMap<>();

    final Launch owner;
    final Launch[] floatsIn = new Launch[STAGES.length], floatsOut = new Launch[STAGES.length];
    final Launch[] intsIn = new Launch[STAGES.length], intsOut = new Launch[STAGES.length];
    final FloatArray[] floatStage = new FloatArray[STAGES.length];
    final IntArray[] intStage = new IntArray[STAGES.length];
    final DoubleArray rowLoss = new DoubleArray(LOSS_ROWS);
    final IntArray rowHits = new IntArray(LOSS_ROWS);
    /** The penalty sum's per-thread partials and the per-unit reduction's sums, which come back to the host. */
    final DoubleArray penaltyPartials = new DoubleArray(MethodKernels.SUM_THREADS);
    final DoubleArray unitSums = new DoubleArray(MethodKernels.UNITS_PER_LAUNCH);

    final Launch gemm, columnSums, elementwise, maskChannels, countZeros, softmax, score, sgd, adamw;
    /** A host copy inside a pass's graph, from the graph's own staging array; no graph of its own. */
    final Launch passUpload, passUploadInts;
    final Launch convForward, convBackwardData, convBackwardFilter, batchNormForward, batchNormBackward;
    final Launch maxPoolForward, maxPoolBackward, averagePoolForward, averagePoolBackward;
    final Launch penaltyGradient, penaltySum, unitAxpy, applyMask, unitReduce, addNoise, counterNoise;

    /**
     * A layer pass's graph: one parameter launch per op, in the order the pass runs them, and the
     * staging arrays its host copies come through (null when it has none).
     */
    record LayerGraph(Launch launch, List<String> ops, List<Launch> steps, FloatArray floatStage, IntArray intStage) {
        /** Whether a recorded run of the pass can replay through this graph. */
        boolean fits(List<String> recorded, int floats, int ints) {
            return ops.equals(recorded) && floats <= length(floatStage) && ints <= length(intStage);
        }

        private static int length(Object stage) {
            return stage instanceof FloatArray f ? f.getSize() : stage instanceof IntArray i ? i.getSize() : 0;
        }
    }

    /** What a pass was seen to run: its ops, in order, and the most floats and ints its host copies staged. */
    record PassShape(List<String> ops, int floats, int ints) {
    }

    KernelGraphs(long floats, long ints, Map<String, PassShape> layerPasses) {
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
            floatsIn[i] = op("upload" + STAGES[i], (g, x, p) -> g.transferToDevice(EVERY_EXECUTION, fs)
                    .task(x + "copy", ElementKernels::stageIn, new KernelContext(), p.ip, mem, fs), "copy");
            floatsOut[i] = op("download" + STAGES[i], (g, x, p) -> g
                    .task(x + "copy", ElementKernels::stageOut, new KernelContext(), p.ip, mem, fs)
                    .transferToHost(EVERY_EXECUTION, fs), "copy");
            intsIn[i] = op("uploadInts" + STAGES[i], (g, x, p) -> g.transferToDevice(EVERY_EXECUTION, is)
                    .task(x + "copy", ElementKernels::stageIntsIn, new KernelContext(), p.ip, imem, is), "copy");
            intsOut[i] = op("downloadInts" + STAGES[i], (g, x, p) -> g
                    .task(x + "copy", ElementKernels::stageIntsOut, new KernelContext(), p.ip, imem, is)
                    .transferToHost(EVERY_EXECUTION, is), "copy");
        }
        gemm = op("gemm", (g, x, p) -> g.task(x + "gemm", GemmKernels::gemm, new KernelContext(), p.ip, p.fp, mem));
        gemm.grid2d("gemm", GemmKernels.TILE);
        columnSums = op("colsum", (g, x, p) -> g
                .task(x + "sums", GemmKernels::columnSums, new KernelContext(), p.ip, mem), "sums");
        elementwise = op("elementwise", (g, x, p) -> g
                .task(x + "apply", ElementKernels::elementwise, new KernelContext(), p.ip, mem), "apply");
        maskChannels = op("maskChannels", (g, x, p) -> g
                .task(x + "mask", ElementKernels::maskChannels, new KernelContext(), p.ip, mem, imem), "mask");
        countZeros = op("countZeros", (g, x, p) -> g
                .task(x + "count", ElementKernels::countZeros, new KernelContext(), p.ip, mem, imem), "count");
        Tasks loss = (g, x, p) -> g
                .task(x + "loss", LossKernels::softmaxCrossEntropy, new KernelContext(), p.ip, p.fp, mem, imem, rowLoss,
                        rowHits)
                .transferToHost(EVERY_EXECUTION, rowLoss, rowHits);
        softmax = op("softmax", loss, "loss");
        softmax.immediate = true;
        // the same kernel for a score read after the step: it may wait in the step's graph
        score = op("score", loss, "loss");
        score.yields = true;
        sgd = op("sgd", (g, x, p) -> g
                .task(x + "update", OptimizerKernels::sgd, new KernelContext(), p.ip, p.fp, mem), "update");
        adamw = op("adamw", (g, x, p) -> g
                .task(x + "update", OptimizerKernels::adamw, new KernelContext(), p.ip, p.fp, p.dp, mem), "update");
        convForward = op("convForward", (g, x, p) -> g
                .task(x + "conv", ConvKernels::forward, new KernelContext(), p.ip, mem), "conv");
        convBackwardData = op("convBackwardData", (g, x, p) -> g
                .task(x + "conv", ConvKernels::backwardData, new KernelContext(), p.ip, mem), "conv");
        convBackwardFilter = op("convBackwardFilter", (g, x, p) -> g
                .task(x + "partial", ConvKernels::filterPartial, new KernelContext(), p.ip, mem)
                .task(x + "biasPartial", ConvKernels::biasPartial, new KernelContext(), p.ip, mem)
                .task(x + "reduce", ConvKernels::backwardFilterReduce, new KernelContext(), p.ip, mem),
                "partial", "biasPartial", "reduce");
        batchNormForward = op("batchNormForward", (g, x, p) -> g
                .task(x + "stats", BatchNormKernels::statistics, new KernelContext(), p.ip, p.fp, mem)
                .task(x + "normalize", BatchNormKernels::normalizeElements, new KernelContext(), p.ip, mem),
                "stats", "normalize");
        batchNormBackward = op("batchNormBackward", (g, x, p) -> g
                .task(x + "sums", BatchNormKernels::backwardSums, new KernelContext(), p.ip, mem)
                .task(x + "data", BatchNormKernels::backwardData, new KernelContext(), p.ip, mem), "sums", "data");
        maxPoolForward = op("maxPoolForward", (g, x, p) -> g
                .task(x + "pool", PoolKernels::maxForward, new KernelContext(), p.ip, mem, imem), "pool");
        maxPoolBackward = op("maxPoolBackward", (g, x, p) -> g
                .task(x + "pool", PoolKernels::maxBackward, new KernelContext(), p.ip, mem, imem), "pool");
        averagePoolForward = op("averagePoolForward", (g, x, p) -> g
                .task(x + "pool", PoolKernels::averageForward, new KernelContext(), p.ip, mem), "pool");
        averagePoolBackward = op("averagePoolBackward", (g, x, p) -> g
                .task(x + "pool", PoolKernels::averageBackward, new KernelContext(), p.ip, mem), "pool");
        penaltyGradient = op("penaltyGradient", (g, x, p) -> g
                .task(x + "apply", MethodKernels::penaltyGradient, new KernelContext(), p.ip, p.fp, mem), "apply");
        penaltySum = op("penaltySum", (g, x, p) -> g
                .task(x + "sum", MethodKernels::penaltyPartials, new KernelContext(), p.ip, mem, penaltyPartials)
                .transferToHost(EVERY_EXECUTION, penaltyPartials), "sum");
        penaltySum.immediate = true;
        unitAxpy = op("unitAxpy", (g, x, p) -> g
                .task(x + "apply", MethodKernels::unitAxpy, new KernelContext(), p.ip, mem), "apply");
        applyMask = op("applyMask", (g, x, p) -> g
                .task(x + "apply", MethodKernels::applyMask, new KernelContext(), p.ip, mem), "apply");
        unitReduce = op("unitReduce", (g, x, p) -> g
                .task(x + "sum", MethodKernels::unitReduce, new KernelContext(), p.ip, mem, unitSums)
                .transferToHost(EVERY_EXECUTION, unitSums), "sum");
        unitReduce.immediate = true;
        addNoise = op("addNoise", (g, x, p) -> g
                .task(x + "apply", MethodKernels::addNoise, new KernelContext(), p.ip, mem, imem), "apply");
        counterNoise = op("counterNoise", (g, x, p) -> g
                .task(x + "apply", MethodKernels::counterNoise, new KernelContext(), p.ip, p.dp, mem, imem), "apply");
        for (Launch l : all) {
            if (l != owner) l.graph = finish(l.tasks.add(open(l.name, l), "", l));
        }
        passUpload = new Launch("passUpload").grid1d("copy");
        passUpload.tasks = (g, x, p) -> g.task(x + "copy", ElementKernels::stageIn, new KernelContext(), p.ip, mem, p.floatStage);
        passUploadInts = new Launch("passUploadInts").grid1d("copy");
        passUploadInts.tasks = (g, x, p) -> g
                .task(x + "copy", ElementKernels::stageIntsIn, new KernelContext(), p.ip, imem, p.intStage);
        Map<String, Launch> byName = new LinkedHashMap<>();
        for (Launch l : all) byName.put(l.name, l);
        byName.put(passUpload.name, passUpload);
        byName.put(passUploadInts.name, passUploadInts);
        layerPasses.forEach((pass, ops) -> layers.put(pass, layerGraph(pass, ops, byName)));
    }

    private Launch op(String name, Tasks tasks, String... grids) {
        Launch l = new Launch(name);
        l.tasks = tasks;
        for (String t : grids) l.grid1d(t);
        all.add(l);
        return l;
    }

    private TaskGraph open(String name, Launch... params) {
        return open(name, null, null, params);
    }

    private TaskGraph open(String name, FloatArray floatStage, IntArray intStage, Launch... params) {
        TaskGraph g = new TaskGraph(name);
        for (Launch p : params) g = g.transferToDevice(EVERY_EXECUTION, p.ip, p.fp, p.dp);
        if (floatStage != null) g = g.transferToDevice(EVERY_EXECUTION, floatStage);
        if (intStage != null) g = g.transferToDevice(EVERY_EXECUTION, intStage);
        return g.consumeFromDevice(mem, imem);
    }

    private TaskGraph finish(TaskGraph g) {
        return g.persistOnDevice(mem, imem);
    }

    /**
     * One graph with the tasks of every op of a layer pass, each reading its own parameters; the
     * pass's host copies come through staging arrays of the graph's own, sent with its parameters.
     */
    private LayerGraph layerGraph(String pass, PassShape shape, Map<String, Launch> byName) {
        Launch launch = new Launch(graphName(pass));
        FloatArray floatStage = shape.floats() > 0 ? new FloatArray(stageSize(shape.floats())) : null;
        IntArray intStage = shape.ints() > 0 ? new IntArray(stageSize(shape.ints())) : null;
        List<String> ops = shape.ops();
        List<Launch> steps = new ArrayList<>();
        for (int j = 0; j < ops.size(); j++) {
            Launch kind = byName.get(ops.get(j));
            Launch step = new Launch(kind.name);
            step.tasks = kind.tasks;
            step.floatStage = floatStage;
            step.intStage = intStage;
            for (var grid : kind.grids.entrySet()) {
                String task = "s" + j + "_" + grid.getKey();
                step.grids.put(grid.getKey(), Launch.copyOf(grid.getValue()));
                launch.grids.put(task, step.grids.get(grid.getKey()));
            }
            steps.add(step);
        }
        TaskGraph g = open(launch.name, floatStage, intStage, steps.toArray(Launch[]::new));
        for (int j = 0; j < steps.size(); j++) g = steps.get(j).tasks.add(g, "s" + j + "_", steps.get(j));
        launch.graph = finish(g);
        all.add(launch);
        return new LayerGraph(launch, List.copyOf(ops), steps, floatStage, intStage);
    }

    /** A staging array's length: whole KiB, since the array goes up whole with every launch. */
    static int stageSize(int n) {
        return Launch.roundUp(Math.max(n, 1), 256);
    }

    /** A task graph name from a layer pass's: TornadoVM names take letters, digits and underscores. */
    static String graphName(String pass) {
        return "layer_" + pass.replaceAll("[^A-Za-z0-9]", "_");
    }

    /** The smallest staging size that holds n elements, or the largest. */
    static int stage(int n) {
        for (int i = 0; i < STAGES.length; i++) {
            if (n <= STAGES[i]) return i;
        }
        return STAGES.length - 1;
    }
}
