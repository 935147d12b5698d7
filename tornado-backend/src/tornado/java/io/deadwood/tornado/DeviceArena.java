package io.deadwood.tornado;

import static io.deadwood.tornado.kernels.KernelArgs.O0;

import io.deadwood.api.DeadwoodException;
import io.deadwood.api.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Device memory for tensors: one float arena and one int arena, shared by every task graph of one
 * TornadoVM execution plan. A tensor gets a region the first time an op uses it and keeps it, so
 * weights, optimiser slots and activations stay on the device from step to step. The host array is
 * updated only when the host asks for it ({@link Tensor#data()} calls {@link #handBack}); an upload
 * happens only when the host may have written since.
 *
 * <p>When the arena is full, every newer region is copied back to the host and the arena starts
 * again; if the op still does not fit, the plan is rebuilt with arenas twice as large (which
 * compiles the kernels again).
 */
final class DeviceArena implements Tensor.DeviceCopy, AutoCloseable {
    /** Initial size of the float arena in MiB; the int arena is a quarter of it. */
    static final String MEMORY_PROPERTY = "deadwood.tornado.memory";
    private static final long DEFAULT_MIB = 256;
    /** IEEE maths: TornadoVM's default OpenCL flags allow fast, relaxed maths. */
    private static final String OPENCL_FLAGS = "-w";
    private static final Logger LOG = LoggerFactory.getLogger(DeviceArena.class);

    /** Thrown inside an op when an operand finds no room; the op is retried after {@link #makeRoom}. */
    static final class Full extends RuntimeException {
        final long needed;

        Full(long needed) {
            super(null, null, false, false);
            this.needed = needed;
        }
    }

    /**
     * TornadoVM's per-graph bytecode buffer (4 KiB by default) holds a few layers' tasks, not a training
     * step's; it reads the size when its graph compiler first loads, so this is set before any plan runs.
     */
    static final String BYTECODE_PROPERTY = "tornado.tvm.maxbytecodesize";
    static final String BYTECODE_BYTES = "262144";

    static {
        if (System.getProperty(BYTECODE_PROPERTY) == null) System.setProperty(BYTECODE_PROPERTY, BYTECODE_BYTES);
    }

    private final TornadoDevice device;
    private final KernelStats stats;
    private KernelGraphs graphs;
    private TornadoExecutionPlan plan;
    private ArenaSlots floats, ints;
    private int rebuilds;
    private long uploaded, downloaded;
    /**
     * Round trips: elements of device-written tensors the host took back (their values came down),
     * and those sent up again afterwards. Parameters updated on the device count here when a host
     * step reads them; the batch, which the host writes, never does.
     */
    private long handedBack, resent;
    /**
     * The part of those round trips that were parameters, their gradients or optimiser slots (every
     * array an optimiser update has touched): the metrics' logits are allowed to come back, these
     * are not. Weak keys, so the arrays that surgery replaces are not kept alive.
     */
    private long parametersHandedBack, parametersResent;
    private final Set<float[]> parameters = Collections.newSetFromMap(new WeakHashMap<>());
    /** Elements of host-drawn noise (the sequential generator's) sent up: they replace no parameter copy. */
    private long noiseUploaded;
    /** Set -D{@value #LOG_TRANSFERS_PROPERTY}=true for a line per training step on its host copies. */
    static final String LOG_TRANSFERS_PROPERTY = "deadwood.tornado.logTransfers";
    private final boolean logTransfers = Boolean.getBoolean(LOG_TRANSFERS_PROPERTY);
    /** Training steps begun, and the counters when the last one began. */
    private long steps;
    private final long[] atStep = new long[COPY_COUNTERS];
    /** Copies summed over the steps after the first (the first uploads every tensor once). */
    private final long[] steady = new long[COPY_COUNTERS];
    /** Elements of every operand of every op: what copying each op's operands both ways would move. */
    private long operands;
    private long launches;

    private final PassRecorder recorder = new PassRecorder(new PassRecorder.Device() {
        @Override public KernelGraphs graphs() { return graphs; }
        @Override public void execute(Launch l) { DeviceArena.this.execute(l); }
        @Override public void uploadNow(float[] host, int from, int n, int offset) { DeviceArena.this.uploadNow(host, from, n, offset); }
        @Override public void uploadIntsNow(int[] host, int from, int n, int offset) {
            DeviceArena.this.uploadIntsNow(host, from, n, offset);
        }
        @Override public void staged(long floats, long ints) { uploaded += floats + ints; }
        @Override public void rebuild() {
            flush();
            closePlan();
            build(capacity());
        }
    });
    /** The name of the pass a training step records as. */
    static final String STEP_PASS = "train_step";
    /** Steps begun through {@link #beginStep} and not yet ended. */
    private boolean inStep;

    DeviceArena(TornadoDevice device, KernelStats stats) {
        this.device = device;
        this.stats = stats;
        build(initialMib() << 18);
    }

    private static long initialMib() {
        String value = System.getProperty(MEMORY_PROPERTY);
        if (value == null) return DEFAULT_MIB;
        try {
            long mib = Long.parseLong(value.strip());
            if (mib >= 1 && mib <= Integer.MAX_VALUE >> 18) return mib;
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw new DeadwoodException(MEMORY_PROPERTY + "=" + value + " is not a device memory size; give whole MiB from 1 to "
                + (Integer.MAX_VALUE >> 18) + " (default " + DEFAULT_MIB + ")");
    }

    KernelGraphs graphs() { return graphs; }

    /** Elements in the float arena. */
    long capacity() { return floats.capacity(); }

    /** How often the arena has been rebuilt larger. */
    int rebuilds() { return rebuilds; }

    /** Elements copied from the host to the device and back so far (floats and ints). */
    synchronized long[] traffic() { return new long[] {uploaded, downloaded}; }

    /** One line on what the arena saved: host copies against operand traffic, and graph launches. */
    synchronized String summary() {
        String line = String.format("tornado: %d launches; host copies %.1f MiB up, %.1f MiB down, against %.1f MiB of op"
                + " operands; %d pass graphs; arena %d MiB, rebuilt %d times to grow", launches, uploaded / 262144.0,
                downloaded / 262144.0, operands / 262144.0, graphs.layers.size(), capacity() >> 18, rebuilds);
        long counted = steps - 2;
        if (counted < 1) return line;
        double[] mean = new double[COPY_COUNTERS];
        for (int i = 0; i < mean.length; i++) mean[i] = steady[i] / (double) counted;
        return line + "; per training step (mean of " + counted + " after the first): " + describe(mean);
    }

    /** The copy counters, in KiB, as the per-step log line and the summary give them. */
    private static String describe(double[] c) {
        return String.format("%.1f launches; host copies %.1f KiB up (%.1f KiB of it host-drawn noise), %.1f KiB down;"
                + " device-written tensors %.1f KiB handed back, %.1f KiB sent again; parameters %.1f KiB handed back,"
                + " %.1f KiB sent again", c[7], c[0] / 256, c[6] / 256, c[1] / 256, c[2] / 256, c[3] / 256, c[4] / 256,
                c[5] / 256);
    }

    /** Entries of {@link #copies()}. */
    static final int COPY_COUNTERS = 8;
    /** Indexes into {@link #copies()}. */
    static final int UP = 0, DOWN = 1, HANDED_BACK = 2, RESENT = 3, PARAMETERS_HANDED_BACK = 4, PARAMETERS_RESENT = 5,
            NOISE_UP = 6, LAUNCHES = 7;

    /**
     * Host copies so far, in elements: {up, down, handed back, sent again, parameters handed back,
     * parameters sent again, host-drawn noise up}, and the launches.
     */
    synchronized long[] copies() {
        return new long[] {uploaded, downloaded, handedBack, resent, parametersHandedBack, parametersResent, noiseUploaded,
            launches};
    }

    /** Copies and launches since the start of the last training step: {@link #copies()} minus where it began. */
    synchronized long[] sinceStepStart() {
        long[] now = copies();
        for (int i = 0; i < now.length; i++) now[i] -= atStep[i];
        return now;
    }

    /** Marks tensors as parameter state (values, gradients, optimiser slots) for the round-trip counters. */
    synchronized void parameters(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null) parameters.add(t.storage());
        }
    }

    /**
     * A training step begins (the backend saw a loss with a gradient): the copies since the last one
     * are that step's. The first step is left out of the mean, since it uploads every tensor once.
     */
    synchronized void stepStarts() {
        long[] now = copies();
        if (steps >= 2) {
            for (int i = 0; i < now.length; i++) steady[i] += now[i] - atStep[i];
        }
        if (steps >= 1 && logTransfers) {
            double[] step = new double[now.length];
            for (int i = 0; i < now.length; i++) step[i] = now[i] - atStep[i];
            LOG.info("tornado: step {}: {}", steps, describe(step));
        }
        System.arraycopy(now, 0, atStep, 0, now.length);
        steps++;
    }

    private void build(long floatCapacity) {
        long intCapacity = Math.max(1 << 16, floatCapacity / 4);
        if (floatCapacity > Integer.MAX_VALUE - 64) {
            throw new DeadwoodException("tornado: the tensors need more than " + (Integer.MAX_VALUE >> 18)
                    + " MiB of device memory, the most one arena can address; use a smaller batch or model");
        }
        graphs = new KernelGraphs(floatCapacity, intCapacity, recorder.shapes);
        floats = new ArenaSlots(floatCapacity);
        ints = new ArenaSlots(intCapacity);
        ImmutableTaskGraph[] snapshots = new ImmutableTaskGraph[graphs.all.size()];
        GridScheduler scheduler = new GridScheduler();
        for (int i = 0; i < snapshots.length; i++) {
            Launch l = graphs.all.get(i);
            l.index = i;
            snapshots[i] = l.graph.snapshot();
            l.grids.forEach((task, g) -> scheduler.addWorkerGrid(l.name + "." + task, g));
        }
        plan = new TornadoExecutionPlan(snapshots)
                .withDevice(device)
                .withGridScheduler(scheduler)
                .withCompilerFlags(TornadoVMBackendType.OPENCL, OPENCL_FLAGS);
        if (stats.profiling()) plan.withProfiler(ProfilerMode.SILENT);
        // the owner graph allocates both arenas; every other graph takes them from the one before
        Launch owner = graphs.owner;
        owner.ints(Math.toIntExact(floatCapacity), Math.toIntExact(intCapacity));
        owner.size1d("clear", Math.toIntExact(floatCapacity));
        execute(owner);
    }

    /** Runs an op's graph, or, inside a pass, keeps the call for the pass's own graph. */
    void run(Launch l) {
        run(l, null);
    }

    /** As {@link #run(Launch)}; {@code after} reads the op's results once it has run. */
    void run(Launch l, Runnable after) {
        if (recorder.defer(l, after)) return;
        recorder.sync();
        execute(l);
        if (after != null) after.run();
    }

    /** An op's own result arrays came back with its launch: {@code elements} of 4 bytes. */
    synchronized void resultsCameBack(long elements) {
        downloaded += elements;
    }

    /** Runs whatever waits in the pass under way (the host is about to read a result). */
    synchronized void sync() {
        recorder.sync();
    }

    /** Starts a layer pass: its ops wait and then run as one launch of the pass's graph. */
    synchronized void beginLayer(String name) {
        recorder.begin(name, false);
    }

    synchronized void endLayer() {
        recorder.end();
    }

    /**
     * Starts a training step: a pass of its own, which the layer passes inside join, and the start of
     * a round through the model. The copies counted since the last step are that step's.
     */
    synchronized void beginStep() {
        stepStarts();
        inStep = true;
        recorder.begin(STEP_PASS, true);
    }

    synchronized void endStep() {
        if (!inStep) return;
        inStep = false;
        recorder.end();
    }

    /** Whether a training step is under way (its loss does not start another). */
    synchronized boolean inStep() { return inStep; }

    /** Names of the pass graphs in the current plan. */
    synchronized List<String> layerGraphs() {
        return recorder.graphNames();
    }

    /** How often the plan was rebuilt to add pass graphs. */
    int passRebuilds() { return recorder.rebuilds(); }

    private void execute(Launch l) {
        launches++;
        TornadoExecutionResult result = plan.withGraph(l.index).execute();
        if (stats.profiling()) {
            var profile = result.getProfilerResult();
            stats.record(l.name, profile.getDeviceKernelTime(), profile.getCompileTime());
        }
    }

    // ---------------------------------------------------------------- operands

    /** The region of t with t's current values on the device. */
    synchronized int in(Tensor t) {
        float[] host = t.storage();
        ArenaSlots.Slot s = claim(floats, host, host.length);
        operands += host.length;
        if (!s.valid) {
            upload(host, 0, host.length, s.offset);
            s.valid = true;
            if (s.handedBack) {
                resent += host.length;
                if (parameters.contains(host)) parametersResent += host.length;
                s.handedBack = false;
            }
        }
        t.holdOnDevice(this);
        return s.offset;
    }

    /** The region t's new values are written to; the host copy is stale from now on. */
    synchronized int out(Tensor t) {
        float[] host = t.storage();
        ArenaSlots.Slot s = claim(floats, host, host.length);
        operands += host.length;
        s.valid = true;
        s.deviceNewer = true;
        t.holdOnDevice(this);
        return s.offset;
    }

    /** The region of t, read and then written by the op. */
    synchronized int inOut(Tensor t) {
        int offset = in(t);
        floats.find(t.storage()).deviceNewer = true;
        return offset;
    }

    /** A region of an int array that the device fills and keeps (max pool's argmax). */
    int intsOut(int[] host, int n) {
        ArenaSlots.Slot s = claim(ints, host, n);
        s.valid = true;
        s.deviceNewer = true;
        return s.offset;
    }

    /** A region with the first n values of an int array that the host may have changed since. */
    int intsIn(int[] host, int n) {
        ArenaSlots.Slot s = claim(ints, host, n);
        if (!s.deviceNewer) {
            uploadInts(host, n, s.offset);
            s.valid = true;
        }
        return s.offset;
    }

    /** A device-only float region for an op's intermediates, kept per key. */
    int scratch(Object key, int n) {
        return claim(floats, key, n).offset;
    }

    /** A device-only int region, kept per key. */
    int intScratch(Object key, int n) {
        return claim(ints, key, n).offset;
    }

    private static ArenaSlots.Slot claim(ArenaSlots slots, Object key, int n) {
        ArenaSlots.Slot s = slots.claim(key, Math.max(1, n));
        if (s == null) throw new Full(n);
        return s;
    }

    /**
     * Makes room for an op that found the arena full: first by handing everything back and starting
     * the arena again, then (on a second failure) by a larger arena.
     */
    synchronized void makeRoom(Full full, int attempt) {
        flush();
        if (attempt == 0) return;
        if (attempt > 3) {
            throw new DeadwoodException("tornado: one op needs more device memory than " + (capacity() >> 18)
                    + " MiB after " + attempt + " tries; set -D" + MEMORY_PROPERTY + " (MiB) higher");
        }
        long next = Math.max(2 * capacity(), 2 * (full.needed + ArenaSlots.ALIGN));
        LOG.info("tornado: device arena full at {} MiB; rebuilding it with {} MiB (the kernels compile again)",
                capacity() >> 18, next >> 18);
        closePlan();
        rebuilds++;
        build(next);
    }

    /** Copies every region newer than its host array back and forgets all regions. */
    synchronized void flush() {
        // waiting ops name regions of this arena and graphs of this plan: run them before either goes
        recorder.sync();
        for (Map.Entry<Object, ArenaSlots.Slot> e : floats.deviceNewer()) {
            if (e.getKey() instanceof float[] host) download(e.getValue().offset, host, 0, host.length);
        }
        for (Map.Entry<Object, ArenaSlots.Slot> e : ints.deviceNewer()) {
            if (e.getKey() instanceof int[] host) downloadInts(e.getValue().offset, host, Math.min(host.length, e.getValue().length));
        }
        floats.clear();
        ints.clear();
    }

    @Override
    public synchronized void handBack(float[] host) {
        ArenaSlots.Slot s = floats.find(host);
        if (s == null) return;
        if (s.deviceNewer) {
            download(s.offset, host, 0, host.length);
            handedBack += host.length;
            if (parameters.contains(host)) parametersHandedBack += host.length;
            s.handedBack = true;
        }
        s.valid = false;
        s.deviceNewer = false;
    }

    // ---------------------------------------------------------------- host copies

    /** Copies host[from, from + n) to the float arena at offset; inside a pass the copy waits with its ops. */
    void upload(float[] host, int from, int n, int offset) {
        if (recorder.deferUpload(host, from, n, offset)) return;
        recorder.sync();
        uploadNow(host, from, n, offset);
    }

    private void uploadNow(float[] host, int from, int n, int offset) {
        for (int done = 0; done < n; ) {
            int i = KernelGraphs.stage(n - done), count = Math.min(n - done, KernelGraphs.STAGES[i]);
            MemorySegment.copy(host, from + done, graphs.floatStage[i].getSegment(), ValueLayout.JAVA_FLOAT, 0, count);
            copy(graphs.floatsIn[i], true, count, offset + done);
            done += count;
        }
    }

    /** {@link #upload} of noise drawn on the host, counted apart from the other uploads. */
    void uploadNoise(float[] noise, int n, int offset) {
        noiseUploaded += n;
        upload(noise, 0, n, offset);
    }

    /** Copies n floats from the float arena at offset to host[from, from + n), after what waits has run. */
    void download(int offset, float[] host, int from, int n) {
        recorder.sync();
        for (int done = 0; done < n; ) {
            int i = KernelGraphs.stage(n - done), count = Math.min(n - done, KernelGraphs.STAGES[i]);
            copy(graphs.floatsOut[i], false, count, offset + done);
            MemorySegment.copy(graphs.floatStage[i].getSegment(), ValueLayout.JAVA_FLOAT, 0, host, from + done, count);
            done += count;
        }
    }

    void uploadInts(int[] host, int n, int offset) {
        if (recorder.deferUploadInts(host, n, offset)) return;
        recorder.sync();
        uploadIntsNow(host, 0, n, offset);
    }

    private void uploadIntsNow(int[] host, int from, int n, int offset) {
        for (int done = 0; done < n; ) {
            int i = KernelGraphs.stage(n - done), count = Math.min(n - done, KernelGraphs.STAGES[i]);
            MemorySegment.copy(host, from + done, graphs.intStage[i].getSegment(), ValueLayout.JAVA_INT, 0, count);
            copy(graphs.intsIn[i], true, count, offset + done);
            done += count;
        }
    }

    void downloadInts(int offset, int[] host, int n) {
        recorder.sync();
        for (int done = 0; done < n; ) {
            int i = KernelGraphs.stage(n - done), count = Math.min(n - done, KernelGraphs.STAGES[i]);
            copy(graphs.intsOut[i], false, count, offset + done);
            MemorySegment.copy(graphs.intStage[i].getSegment(), ValueLayout.JAVA_INT, 0, host, done, count);
            done += count;
        }
    }

    private void copy(Launch l, boolean up, int count, int offset) {
        if (up) uploaded += count; else downloaded += count;
        l.ip.set(0, count);
        l.ip.set(1, 0);
        l.ip.set(O0, offset);
        l.size1d("copy", count);
        execute(l);
    }

    private void closePlan() {
        try {
            plan.close();
        } catch (TornadoExecutionPlanException e) {
            throw new IllegalStateException("could not free the TornadoVM plan", e);
        }
    }

    @Override
    public synchronized void close() {
        LOG.info(summary());
        closePlan();
    }
}
