package io.deadwood.tornado;

import io.deadwood.tornado.kernels.KernelArgs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds back the ops of a pass (a layer's forward or backward, or a whole training step) and runs
 * them as one launch of the pass's own graph once the plan has one. The first runs of a pass go op
 * by op and record what it runs; once a whole round through the model has recorded nothing new,
 * the plan is rebuilt with a graph for every pass recorded.
 *
 * <p>Host copies to the device inside a pass wait too: their values are kept in a staging buffer
 * that goes up with the pass's launch. A copy to the host, or an op whose result the host reads at
 * once, cannot wait: it ends a segment of the pass (its ops run, through a graph of their own once
 * recorded), and the pass goes on with the next segment. So a step with a read in the middle is two
 * launches, not one per op.
 */
final class PassRecorder {
    /** Rebuilds to add pass graphs, at most: a model whose passes keep changing runs op by op. */
    static final int MAX_REBUILDS = 3;
    /**
     * Tasks in one graph, at most: TornadoVM's graph holds 1,024 nodes and a task takes about a dozen
     * (its parameters, their transfers, the arenas); a longer segment runs as several graphs.
     */
    static final int MAX_TASKS = 48;
    /** Host copies larger than this (in elements) inside a pass go up at once, as their own launches. */
    static final int MAX_STAGED = 1 << 22;

    /** What the recorder needs from the arena. */
    interface Device {
        KernelGraphs graphs();

        /** Runs one graph of the plan. */
        void execute(Launch l);

        /** Copies host values to the arena now, through the plan's staging graphs. */
        void uploadNow(float[] host, int from, int n, int offset);

        void uploadIntsNow(int[] host, int from, int n, int offset);

        /** A pass graph's staging arrays went up: {@code floats} and {@code ints} elements. */
        void staged(long floats, long ints);

        /** Rebuilds the plan with a graph for every pass in {@link #shapes}. */
        void rebuild();
    }

    /** One op call waiting in a pass; {@code after} reads its results once it has run. */
    private record Deferred(Launch kind, int[] ints, float[] floats, double[] doubles, long[][] global, Runnable after) {
        static Deferred of(Launch l, Runnable after) {
            long[][] global = new long[l.grids.size()][];
            int t = 0;
            for (var g : l.grids.values()) global[t++] = g.getGlobalWork().clone();
            return new Deferred(l, l.ip.toHeapArray(), l.fp.toHeapArray(), l.dp.toHeapArray(), global, after);
        }

        static Deferred copy(Launch kind, int n, int from, int offset) {
            int[] ints = new int[KernelArgs.INTS];
            ints[0] = n;
            ints[1] = from;
            ints[KernelArgs.O0] = offset;
            long[][] global = {{Launch.roundUp(Math.max(n, 1), Launch.LOCAL), 1, 1}};
            return new Deferred(kind, ints, new float[8], new double[4], global, null);
        }
    }

    private final Device device;
    /** Every pass (and segment) seen whole, by name, in the order first seen. */
    final Map<String, KernelGraphs.PassShape> shapes = new LinkedHashMap<>();
    /** The ops each pass ran last time it ran op by op. */
    private final Map<String, List<String>> lastSeen = new LinkedHashMap<>();
    private int rebuilds;
    /** The pass under way, or null; depth counts nested passes, which join the outer one. */
    private String pass, firstPass;
    private int depth, segment;
    private boolean newThisRound;
    private final List<Deferred> pending = new ArrayList<>();
    private boolean pendingYields;
    /** Values of the waiting host copies, in order. */
    private float[] stagedFloats = new float[1 << 10];
    private int[] stagedInts = new int[1 << 8];
    private int floatCount, intCount;

    PassRecorder(Device device) {
        this.device = device;
    }

    int rebuilds() { return rebuilds; }

    /**
     * Starts a pass. A round through the model starts with {@code roundMarker} when it is given (a
     * training step), else with the first pass ever seen.
     */
    void begin(String name, boolean roundMarker) {
        if (depth++ > 0) return;
        if (firstPass == null || (roundMarker && !firstPass.equals(name))) firstPass = name;
        if (name.equals(firstPass)) {
            if (!newThisRound && rebuilds < MAX_REBUILDS && !graphsMatch()) {
                rebuilds++;
                device.rebuild();
            }
            newThisRound = false;
        }
        pass = name;
        segment = 0;
    }

    void end() {
        if (depth == 0 || --depth > 0) return;
        finishSegment();
        pass = null;
    }

    /** Whether l waits in the pass under way; if not, the caller runs it at once (after {@link #sync}). */
    boolean defer(Launch l, Runnable after) {
        if (pass == null || l.immediate) return false;
        if (l.yields && pendingYields) finishSegment();
        pending.add(Deferred.of(l, after));
        pendingYields |= l.yields;
        return true;
    }

    /** Whether a copy of host[from, from + n) to the arena at offset waits in the pass under way. */
    boolean deferUpload(float[] host, int from, int n, int offset) {
        if (pass == null || n > MAX_STAGED) return false;
        if (floatCount + n > stagedFloats.length) stagedFloats = Arrays.copyOf(stagedFloats, Math.max(2 * stagedFloats.length, floatCount + n));
        System.arraycopy(host, from, stagedFloats, floatCount, n);
        pending.add(Deferred.copy(device.graphs().passUpload, n, floatCount, offset));
        floatCount += n;
        return true;
    }

    boolean deferUploadInts(int[] host, int n, int offset) {
        if (pass == null || n > MAX_STAGED) return false;
        if (intCount + n > stagedInts.length) stagedInts = Arrays.copyOf(stagedInts, Math.max(2 * stagedInts.length, intCount + n));
        System.arraycopy(host, 0, stagedInts, intCount, n);
        pending.add(Deferred.copy(device.graphs().passUploadInts, n, intCount, offset));
        intCount += n;
        return true;
    }

    /** Runs what waits: the host is about to read device memory, or to run an op that cannot wait. */
    void sync() {
        finishSegment();
    }

    /** Names of the pass graphs in the current plan. */
    List<String> graphNames() {
        List<String> out = new ArrayList<>();
        device.graphs().layers.values().forEach(g -> out.add(g.launch().name));
        return out;
    }

    private void finishSegment() {
        if (pending.isEmpty()) return;
        String name = segment == 0 ? pass : pass + "#" + segment;
        segment++;
        int from = 0;
        for (int chunk = 0; from < pending.size(); chunk++) {
            int to = from, tasks = 0;
            while (to < pending.size() && (to == from || tasks + pending.get(to).kind().grids.size() <= MAX_TASKS)) {
                tasks += pending.get(to++).kind().grids.size();
            }
            runChunk(chunk == 0 ? name : name + "@" + chunk, pending.subList(from, to));
            from = to;
        }
        pending.clear();
        pendingYields = false;
        floatCount = 0;
        intCount = 0;
    }

    /** Runs a piece of a segment: through its graph when the plan has one that fits, else op by op. */
    private void runChunk(String name, List<Deferred> ops) {
        KernelGraphs graphs = device.graphs();
        int floatFrom = Integer.MAX_VALUE, floatTo = 0, intFrom = Integer.MAX_VALUE, intTo = 0;
        List<String> names = new ArrayList<>(ops.size());
        for (Deferred d : ops) {
            names.add(d.kind().name);
            int src = d.ints()[1], n = d.ints()[0];
            if (d.kind() == graphs.passUpload) {
                floatFrom = Math.min(floatFrom, src);
                floatTo = Math.max(floatTo, src + n);
            } else if (d.kind() == graphs.passUploadInts) {
                intFrom = Math.min(intFrom, src);
                intTo = Math.max(intTo, src + n);
            }
        }
        int floats = Math.max(0, floatTo - floatFrom), ints = Math.max(0, intTo - intFrom);
        KernelGraphs.LayerGraph graph = graphs.layers.get(name);
        if (graph != null && graph.fits(names, floats, ints)) {
            replay(graph, ops, floats == 0 ? 0 : floatFrom, floats, ints == 0 ? 0 : intFrom, ints);
        } else {
            runOneByOne(ops);
            record(name, names, floats, ints);
        }
    }

    private void replay(KernelGraphs.LayerGraph graph, List<Deferred> ops, int floatFrom, int floats, int intFrom, int ints) {
        KernelGraphs graphs = device.graphs();
        if (floats > 0) {
            MemorySegment.copy(stagedFloats, floatFrom, graph.floatStage().getSegment(), ValueLayout.JAVA_FLOAT, 0, floats);
        }
        if (ints > 0) MemorySegment.copy(stagedInts, intFrom, graph.intStage().getSegment(), ValueLayout.JAVA_INT, 0, ints);
        for (int j = 0; j < ops.size(); j++) {
            Deferred d = ops.get(j);
            int[] params = d.ints();
            // a copy reads the chunk's own staging array, which starts where the chunk's first copy does
            if (d.kind() == graphs.passUpload || d.kind() == graphs.passUploadInts) {
                params = params.clone();
                params[1] -= d.kind() == graphs.passUpload ? floatFrom : intFrom;
            }
            graph.steps().get(j).take(params, d.floats(), d.doubles(), d.global());
        }
        device.execute(graph.launch());
        device.staged(graph.floatStage() == null ? 0 : graph.floatStage().getSize(),
                graph.intStage() == null ? 0 : graph.intStage().getSize());
        for (Deferred d : ops) {
            if (d.after() != null) d.after().run();
        }
    }

    private void runOneByOne(List<Deferred> ops) {
        KernelGraphs graphs = device.graphs();
        for (Deferred d : ops) {
            if (d.kind() == graphs.passUpload) {
                device.uploadNow(stagedFloats, d.ints()[1], d.ints()[0], d.ints()[KernelArgs.O0]);
            } else if (d.kind() == graphs.passUploadInts) {
                device.uploadIntsNow(stagedInts, d.ints()[1], d.ints()[0], d.ints()[KernelArgs.O0]);
            } else {
                d.kind().take(d.ints(), d.floats(), d.doubles(), d.global());
                device.execute(d.kind());
                if (d.after() != null) d.after().run();
            }
        }
    }

    /**
     * Keeps what a pass ran. A pass seen for the first time is kept at once; one that ran other ops
     * than those kept replaces them only when it runs them twice in a row, so a one-off run (the
     * uploads after a rebuild emptied the arena, a pruning check) does not undo a graph that fits the
     * ordinary ones.
     */
    private void record(String name, List<String> ops, int floats, int ints) {
        KernelGraphs.PassShape before = shapes.get(name);
        boolean same = before != null && before.ops().equals(ops);
        if (before != null && !same && !ops.equals(lastSeen.put(name, ops))) return;
        if (same) {
            floats = Math.max(floats, before.floats());
            ints = Math.max(ints, before.ints());
        }
        KernelGraphs.PassShape now = new KernelGraphs.PassShape(List.copyOf(ops), floats, ints);
        if (!now.equals(before)) {
            shapes.put(name, now);
            newThisRound = true;
        }
    }

    private boolean graphsMatch() {
        for (var e : shapes.entrySet()) {
            KernelGraphs.LayerGraph g = device.graphs().layers.get(e.getKey());
            KernelGraphs.PassShape s = e.getValue();
            if (g == null || !g.fits(s.ops(), s.floats(), s.ints())) return false;
        }
        return true;
    }
}
