package io.deadwood.api.prune;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.data.Batch;
import io.deadwood.api.data.BatchSource;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.ActivationObserver;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.tensor.Tensor;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Probes a model on a fixed slice of the training set in eval mode (BatchNorm running statistics),
 * as DemP's dead check does. Observers are attached only for the probe and removed afterwards.
 */
public final class UnitStatistics {
    private final Model model;
    private final BatchSource probe;

    public UnitStatistics(Model model, BatchSource probe) {
        this.model = model;
        this.probe = probe;
    }

    public BatchSource probeData() { return probe; }

    /** A pass over the whole probe set. */
    public ProbeResult probe(ComputeBackend backend) {
        return probe(backend, 0);
    }

    /**
     * A pass over the probe set's first {@code maxSamples} samples, rounded up to whole batches
     * (0: all of it). A smaller probe is cheaper but may call a unit dead that fires on images it skipped.
     */
    public ProbeResult probe(ComputeBackend backend, int maxSamples) {
        if (maxSamples < 0) throw new IllegalArgumentException("maxSamples must be >= 0, got " + maxSamples);
        UnitGraph graph = UnitGraph.of(model);
        Map<ReLU, String> names = new IdentityHashMap<>();
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, long[]> zeros = new HashMap<>();
        Map<String, Long> positions = new HashMap<>();
        for (UnitGroup g : graph.groups()) {
            names.put(g.activation(), g.name());
            sums.put(g.name(), new double[g.size()]);
            zeros.put(g.name(), new long[2]);
            positions.put(g.name(), 0L);
        }
        ActivationObserver observer = (relu, y, training) -> {
            String name = names.get(relu);
            if (name == null) return;
            accumulate(y, sums.get(name), zeros.get(name), backend);
            positions.merge(name, (long) y.dim(0) * (y.sampleSize() / y.dim(1)), Long::sum);
        };
        names.keySet().forEach(r -> r.addObserver(observer));
        int samples = 0;
        try {
            ExecutionContext eval = new ExecutionContext(backend, false);
            for (Iterator<Batch> it = probe.epoch(0); it.hasNext() && (maxSamples == 0 || samples < maxSamples); ) {
                Batch b = it.next();
                model.forward(b.images(), eval);
                samples += b.size();
            }
        } finally {
            names.keySet().forEach(r -> r.removeObserver(observer));
        }
        Map<String, Double> zeroFractions = new HashMap<>();
        zeros.forEach((k, z) -> zeroFractions.put(k, z[1] == 0 ? 0.0 : (double) z[0] / z[1]));
        return new ProbeResult(sums, positions, zeroFractions, samples);
    }

    /**
     * Adds each channel's activations into sums; counts zero outputs and all outputs into zeros[0],
     * zeros[1]. The backend sums where it holds the activations: only the per-channel sums come back.
     */
    static void accumulate(Tensor y, double[] sums, long[] zeros, ComputeBackend backend) {
        int c = y.dim(1), sp = y.sampleSize() / c;
        backend.unitReduce(y, new UnitAxis(c, sp), UnitReduction.SUM, sums);
        zeros[0] += backend.countZeros(y);
        zeros[1] += (long) y.size();
    }
}
