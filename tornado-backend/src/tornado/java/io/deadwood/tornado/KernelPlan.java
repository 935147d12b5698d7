package io.deadwood.tornado;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.WorkerGrid2D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * One compiled task graph with its staging buffers: the graph is built once for a set of buffer
 * capacities and run many times. Sizes and scalars travel in small parameter arrays (ip, fp, dp)
 * and the work grids are resized per call, so a new shape that fits the capacities reuses the
 * compiled kernels instead of compiling again.
 */
final class KernelPlan implements AutoCloseable {
    /** Work-group size of the 1-d kernels. */
    static final int LOCAL = 64;
    /** IEEE maths: TornadoVM's default OpenCL flags allow fast, relaxed maths. */
    private static final String OPENCL_FLAGS = "-w";

    final String name;
    final IntArray ip = new IntArray(16);
    final FloatArray fp = new FloatArray(8);
    final DoubleArray dp = new DoubleArray(4);
    private final Map<String, WorkerGrid> grids = new LinkedHashMap<>();
    private final Object[] buffers;
    private TornadoExecutionPlan plan;
    private final KernelStats stats;
    private String openClFlags = OPENCL_FLAGS;

    KernelPlan(String name, Object[] buffers, KernelStats stats) {
        this.name = name;
        this.buffers = buffers;
        this.stats = stats;
    }

    /** Declares a 1-d task's grid; call before {@link #compile}. */
    KernelPlan grid1d(String task) {
        WorkerGrid g = new WorkerGrid1D(LOCAL);
        g.setLocalWork(LOCAL, 1, 1);
        grids.put(task, g);
        return this;
    }

    /** Declares a 2-d task's grid with a square work group of the given edge. */
    KernelPlan grid2d(String task, int edge) {
        WorkerGrid g = new WorkerGrid2D(edge, edge);
        g.setLocalWork(edge, edge, 1);
        grids.put(task, g);
        return this;
    }

    /** Replaces the OpenCL compiler flags (tests use a bad flag to provoke a driver build error). */
    KernelPlan openClFlags(String flags) {
        this.openClFlags = flags;
        return this;
    }

    KernelPlan compile(TaskGraph graph, TornadoDevice device) {
        GridScheduler scheduler = new GridScheduler();
        grids.forEach((task, g) -> scheduler.addWorkerGrid(name + "." + task, g));
        plan = new TornadoExecutionPlan(graph.snapshot())
                .withDevice(device)
                .withGridScheduler(scheduler)
                .withCompilerFlags(TornadoVMBackendType.OPENCL, openClFlags);
        if (stats.profiling()) plan.withProfiler(ProfilerMode.SILENT);
        return this;
    }

    /** Sets a 1-d task to cover n items. */
    void size1d(String task, int n) {
        grids.get(task).setGlobalWork(roundUp(Math.max(n, 1), LOCAL), 1, 1);
    }

    /** Sets a 2-d task to cover rows x cols items in whole work groups. */
    void size2d(String task, int rows, int cols) {
        WorkerGrid g = grids.get(task);
        long edge = g.getLocalWork()[0];
        g.setGlobalWork(roundUp(Math.max(rows, 1), (int) edge), roundUp(Math.max(cols, 1), (int) edge), 1);
    }

    void run() {
        TornadoExecutionResult result = plan.execute();
        if (stats.profiling()) {
            var profile = result.getProfilerResult();
            stats.record(name.replaceAll("_\\d+$", ""), profile.getDeviceKernelTime(), profile.getCompileTime());
        }
    }

    FloatArray f(int i) { return (FloatArray) buffers[i]; }
    IntArray i(int i) { return (IntArray) buffers[i]; }
    DoubleArray d(int i) { return (DoubleArray) buffers[i]; }

    @Override
    public void close() {
        if (plan != null) {
            try {
                plan.close();
            } catch (TornadoExecutionPlanException e) {
                throw new IllegalStateException("could not free TornadoVM plan " + name, e);
            }
        }
    }

    static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /** The capacity a buffer of n elements is staged in: the next power of two, at least 64. */
    static int capacity(int n) {
        return Math.max(64, Integer.highestOneBit(Math.max(1, n - 1)) << 1);
    }

    // ---------------------------------------------------------------- staging copies

    static void put(float[] src, int srcOffset, FloatArray dst, int dstOffset, int count) {
        MemorySegment.copy(src, srcOffset, dst.getSegment(), ValueLayout.JAVA_FLOAT, (long) dstOffset * Float.BYTES, count);
    }

    static void get(FloatArray src, int srcOffset, float[] dst, int dstOffset, int count) {
        MemorySegment.copy(src.getSegment(), ValueLayout.JAVA_FLOAT, (long) srcOffset * Float.BYTES, dst, dstOffset, count);
    }

    static void put(int[] src, IntArray dst, int count) {
        MemorySegment.copy(src, 0, dst.getSegment(), ValueLayout.JAVA_INT, 0, count);
    }

    static void get(IntArray src, int[] dst, int count) {
        MemorySegment.copy(src.getSegment(), ValueLayout.JAVA_INT, 0, dst, 0, count);
    }
}
