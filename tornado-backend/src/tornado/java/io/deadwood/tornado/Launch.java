package io.deadwood.tornado;

import io.deadwood.tornado.kernels.KernelArgs;
import java.util.LinkedHashMap;
import java.util.Map;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.WorkerGrid2D;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * One task graph of the device plan with its small parameter arrays: sizes, flags and operand
 * offsets in {@code ip}, float scalars in {@code fp}, double scalars in {@code dp}. The graph is
 * compiled once; each call sets the parameters and the work grids and runs it again.
 */
final class Launch {
    /** Work-group size of the 1-d kernels. */
    static final int LOCAL = 64;

    final String name;
    final IntArray ip = new IntArray(KernelArgs.INTS);
    final FloatArray fp = new FloatArray(8);
    final DoubleArray dp = new DoubleArray(4);
    final Map<String, WorkerGrid> grids = new LinkedHashMap<>();
    /** Its position in the plan, set when the plan is built. */
    int index = -1;
    TaskGraph graph;
    /** Adds this op's tasks to a graph (its own, or a layer's). */
    KernelGraphs.Tasks tasks;
    /** The caller reads the op's results as soon as it returns, so it never waits for its layer pass. */
    boolean immediate;
    /** Its results come back to the host in arrays of its own, so a pass's graph holds at most one such op. */
    boolean yields;
    /** The staging arrays of the pass graph this op call belongs to (for its host copies). */
    FloatArray floatStage;
    IntArray intStage;

    Launch(String name) {
        this.name = name;
    }

    /** Declares a 1-d task's grid. */
    Launch grid1d(String task) {
        WorkerGrid g = new WorkerGrid1D(LOCAL);
        g.setLocalWork(LOCAL, 1, 1);
        grids.put(task, g);
        return this;
    }

    /** Declares a 2-d task's grid with a square work group of the given edge. */
    Launch grid2d(String task, int edge) {
        WorkerGrid g = new WorkerGrid2D(edge, edge);
        g.setLocalWork(edge, edge, 1);
        grids.put(task, g);
        return this;
    }

    /** Sets a 1-d task to cover n items. */
    void size1d(String task, int n) {
        grids.get(task).setGlobalWork(roundUp(Math.max(n, 1), LOCAL), 1, 1);
    }

    /** Sets a 2-d task to cover rows x cols items in whole work groups. */
    void size2d(String task, int rows, int cols) {
        WorkerGrid g = grids.get(task);
        int edge = (int) g.getLocalWork()[0];
        g.setGlobalWork(roundUp(Math.max(rows, 1), edge), roundUp(Math.max(cols, 1), edge), 1);
    }

    /** Sets int parameters from slot 0 on. */
    void ints(int... values) {
        for (int i = 0; i < values.length; i++) ip.set(i, values[i]);
    }

    /** Sets operand offsets from slot {@link KernelArgs#O0} on. */
    void offsets(int... values) {
        for (int i = 0; i < values.length; i++) ip.set(KernelArgs.O0 + i, values[i]);
    }

    void floats(float... values) {
        for (int i = 0; i < values.length; i++) fp.set(i, values[i]);
    }

    /** A grid of the same kind and local size, for another graph's task. */
    static WorkerGrid copyOf(WorkerGrid g) {
        long[] local = g.getLocalWork();
        WorkerGrid c = g instanceof WorkerGrid2D ? new WorkerGrid2D((int) local[0], (int) local[1]) : new WorkerGrid1D((int) local[0]);
        c.setLocalWork(local[0], local[1], local[2]);
        return c;
    }

    /** Sets the parameters and work sizes of one recorded op call. */
    void take(int[] ints, float[] floats, double[] doubles, long[][] global) {
        for (int i = 0; i < ints.length; i++) ip.set(i, ints[i]);
        for (int i = 0; i < floats.length; i++) fp.set(i, floats[i]);
        for (int i = 0; i < doubles.length; i++) dp.set(i, doubles[i]);
        int t = 0;
        for (WorkerGrid g : grids.values()) {
            long[] w = global[t++];
            g.setGlobalWork(w[0], w[1], w[2]);
        }
    }

    static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
