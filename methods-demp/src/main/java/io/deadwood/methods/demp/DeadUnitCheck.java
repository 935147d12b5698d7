package io.deadwood.methods.demp;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.prune.ProbeResult;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.prune.UnitStatistics;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * DemP's dead check: probe the model in eval mode on the probe slice of the training set and cut,
 * physically, every unit whose activation was zero on all of it, keeping at least
 * {@code minUnitsPerGroup} units in each group.
 */
final class DeadUnitCheck {

    /**
     * What one check did.
     *
     * @param step           optimiser steps done when the check ran
     * @param removed        units cut by this check
     * @param unitsLeft      prunable units in the network after it
     * @param removedByGroup units cut per group (groups that lost none are left out)
     */
    record Outcome(long step, int removed, long unitsLeft, Map<String, Integer> removedByGroup) {
    }

    private final double eps;
    private final int minUnits;
    private final double probeFraction;

    DeadUnitCheck(double eps, int minUnits, double probeFraction) {
        this.eps = eps;
        this.minUnits = minUnits;
        this.probeFraction = probeFraction;
    }

    Outcome run(long step, UnitStatistics statistics, ComputeBackend backend, Pruner pruner) {
        ProbeResult probe = statistics.probe(backend,
                (int) Math.max(1, Math.ceil(probeFraction * statistics.probeData().samplesPerEpoch())));
        List<UnitGroup> groups = pruner.graph().groups();
        Map<String, Integer> byGroup = new LinkedHashMap<>();
        int removed = 0;
        for (UnitGroup g : groups) {
            int[] cut = toRemove(g.size(), probe.deadUnits(g.name(), eps), probe.meanActivation(g.name()));
            if (cut.length == 0) continue;
            // Cutting one group leaves the others' unit indices alone, so one probe serves every group.
            removed += pruner.removeUnits(g.name(), cut, "dead");
            byGroup.put(g.name(), cut.length);
        }
        return new Outcome(step, removed, pruner.graph().totalUnits(), byGroup);
    }

    /**
     * The dead units to cut from a group of {@code size}: all of them unless that would leave fewer
     * than the minimum, in which case the most active of the dead stay (lowest index on ties).
     */
    int[] toRemove(int size, int[] dead, double[] mean) {
        int mustKeep = minUnits - (size - dead.length);
        if (mustKeep <= 0) return dead;
        if (mustKeep >= dead.length) return new int[0];
        Integer[] order = Arrays.stream(dead).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(u -> -mean[u]).thenComparingInt(u -> u));
        int[] cut = IntStream.range(mustKeep, order.length).map(i -> order[i]).toArray();
        Arrays.sort(cut);
        return cut;
    }
}
