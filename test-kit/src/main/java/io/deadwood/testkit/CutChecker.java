package io.deadwood.testkit;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.ActivationObserver;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks every structured cut a method makes: masked to zero, the chosen units output exactly zero,
 * and the network after surgery computes what the masked network computed.
 */
public final class CutChecker implements Pruner.CutObserver {
    private final Model model;
    private final ComputeBackend backend;
    private final Tensor input;
    private final List<String> failures = new ArrayList<>();
    private Tensor masked;
    private int cuts;

    public CutChecker(Model model, ComputeBackend backend, Tensor input) {
        this.model = model;
        this.backend = backend;
        this.input = input;
    }

    @Override
    public void beforeCut(UnitGroup group, int[] units) {
        boolean[] previous = group.activation().unitMask();
        boolean[] keep = previous != null ? previous : filled(group.size());
        for (int u : units) keep[u] = false;
        group.activation().setUnitMask(keep);
        float[] maxOfCut = new float[1];
        ActivationObserver watch = (relu, y, training) -> {
            int n = y.dim(0), c = y.dim(1), sp = y.sampleSize() / c;
            for (int i = 0; i < n; i++) {
                for (int u : units) {
                    for (int p = 0; p < sp; p++) maxOfCut[0] = Math.max(maxOfCut[0], Math.abs(y.get((i * c + u) * sp + p)));
                }
            }
        };
        group.activation().addObserver(watch);
        masked = model.forward(input, new ExecutionContext(backend, false)).copy();
        group.activation().removeObserver(watch);
        if (maxOfCut[0] != 0f) failures.add(group.name() + ": masked units output " + maxOfCut[0] + ", not zero");
    }

    @Override
    public void afterCut(String group, int[] units) {
        cuts++;
        Tensor cut = model.forward(input, new ExecutionContext(backend, false));
        for (int i = 0; i < cut.size(); i++) {
            float a = masked.get(i), b = cut.get(i);
            if (Math.abs(a - b) > 1e-4 * (1 + Math.abs(a))) {
                failures.add(group + " cut " + Arrays.toString(units) + ": logit " + i + " was " + a + " masked, " + b + " cut");
                return;
            }
        }
    }

    public List<String> failures() { return List.copyOf(failures); }

    public int cuts() { return cuts; }

    private static boolean[] filled(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }
}
