package io.deadwood.methods.magnitude;

import io.deadwood.api.prune.WeightRanking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The session driven by hand: "training" is a random move of every parameter, so every choice can be checked. */
class MagnitudeSessionTest {

    private static PruningSession open(Runs r, MagnitudeConfig config) {
        return new MagnitudeMethod().open(config, r.context);
    }

    private static Map<Parameter, float[]> copy(Runs r) {
        Map<Parameter, float[]> out = new IdentityHashMap<>();
        for (Parameter p : r.model.parameters()) out.put(p, p.value().data().clone());
        return out;
    }

    /** Moves every parameter by a random step, keeping masked weights at zero as training does. */
    private static void fakeTraining(Runs r, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameter p : r.model.parameters()) {
            float[] d = p.value().data();
            for (int i = 0; i < d.length; i++) d[i] += (float) rng.nextGaussian() * 0.1f;
        }
        r.pruner.weightMasks().zeroMaskedWeights();
    }

    private static List<Parameter> weights(Runs r) {
        return WeightRanking.prunableWeights(r.model, true);
    }

    private static long remaining(Runs r) {
        List<Parameter> w = weights(r);
        return WeightRanking.total(w) - WeightRanking.masked(r.pruner, w);
    }

    @Test
    void prunesTheGloballySmallestTrainedWeightsAndRewindsSurvivorsToTheCycleStart() {
        Runs r = new Runs("mlp", 1);
        PruningSession s = open(r, MagnitudeConfig.iterative(0.25, 2, "cycle-start"));
        s.onCycleStart(0);
        Map<Parameter, float[]> start = copy(r);
        fakeTraining(r, 11);
        Map<Parameter, float[]> trained = copy(r);
        s.onCycleEnd(0);

        record W(Parameter p, int i, float abs) {}
        List<W> all = new ArrayList<>();
        for (Parameter p : weights(r)) {
            for (int i = 0; i < p.size(); i++) all.add(new W(p, i, Math.abs(trained.get(p)[i])));
        }
        all.sort(Comparator.comparingDouble(W::abs));
        int expectedCount = (int) Math.round(0.25 * all.size());
        Set<String> expected = new HashSet<>();
        for (W w : all.subList(0, expectedCount)) expected.add(w.p().name() + "#" + w.i());

        Set<String> masked = new HashSet<>();
        for (Parameter p : weights(r)) {
            Tensor m = r.pruner.weightMasks().get(p);
            for (int i = 0; i < p.size(); i++) {
                boolean pruned = m != null && m.data()[i] == 0f;
                if (pruned) masked.add(p.name() + "#" + i);
                float want = pruned ? 0f : start.get(p)[i];
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(p.value().data()[i]), p.name() + "[" + i + "]");
            }
        }
        assertEquals(expected, masked);
        for (Parameter p : r.model.parameters()) {
            if (!p.decayed()) assertArrayEquals(start.get(p), p.value().data(), "biases rewind too: " + p.name());
        }
    }

    @Test
    void iterativeDensityIsOneMinusRateToTheRounds() {
        Runs r = new Runs("mlp", 2);
        int rounds = 4;
        double rate = 0.2;
        PruningSession s = open(r, MagnitudeConfig.iterative(rate, rounds, "cycle-start"));
        assertEquals(rounds + 1, s.cycles());
        long total = WeightRanking.total(weights(r)), left = total;
        for (int cycle = 0; cycle < s.cycles(); cycle++) {
            s.onCycleStart(cycle);
            fakeTraining(r, 100 + cycle);
            s.onCycleEnd(cycle);
            if (cycle < rounds) left -= Math.round(rate * left);
            int k = Math.min(cycle + 1, rounds);
            assertEquals(left, remaining(r), "cycle " + cycle);
            assertTrue(Math.abs(left - total * Math.pow(1 - rate, k)) <= k, "density after " + k + " rounds");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) s.summary().get("cycles");
        assertEquals(rounds + 1, rows.size());
        assertEquals(0L, rows.getLast().get("prunedWeights"), "the last cycle only trains");
        assertEquals(1 - (double) left / total, (double) rows.getLast().get("weightSparsity"), 1e-12);
    }

    @Test
    void oneShotPrunesOnceToTheTargetThenFineTunes() {
        Runs r = new Runs("mlp", 3);
        PruningSession s = open(r, MagnitudeConfig.oneShot(0.8, "none"));
        assertEquals(2, s.cycles());
        long total = WeightRanking.total(weights(r));
        s.onCycleStart(0);
        fakeTraining(r, 5);
        Map<Parameter, float[]> trained = copy(r);
        s.onCycleEnd(0);
        assertEquals(Math.round(0.8 * total), WeightRanking.masked(r.pruner, weights(r)));
        for (Parameter p : weights(r)) {
            Tensor m = r.pruner.weightMasks().get(p);
            for (int i = 0; i < p.size(); i++) {
                float want = m.data()[i] == 0f ? 0f : trained.get(p)[i];
                assertEquals(want, p.value().data()[i], "rewind none keeps the trained weights");
            }
        }
        s.onCycleStart(1);
        fakeTraining(r, 6);
        s.onCycleEnd(1);
        assertEquals(Math.round(0.8 * total), WeightRanking.masked(r.pruner, weights(r)));
    }

    @Test
    void initRewindReturnsSurvivorsToTheFirstWeights() {
        Runs r = new Runs("mlp", 4);
        Map<Parameter, float[]> init = copy(r);
        PruningSession s = open(r, MagnitudeConfig.iterative(0.3, 2, "init"));
        for (int cycle = 0; cycle < 2; cycle++) {
            s.onCycleStart(cycle);
            fakeTraining(r, 40 + cycle);
            s.onCycleEnd(cycle);
        }
        for (Parameter p : r.model.parameters()) {
            Tensor m = r.pruner.weightMasks().get(p);
            for (int i = 0; i < p.size(); i++) {
                float want = m != null && m.data()[i] == 0f ? 0f : init.get(p)[i];
                assertEquals(want, p.value().data()[i], p.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void reinitDrawsFreshWeightsFromTheRunSeed() {
        float[][] first = new float[2][];
        for (int run = 0; run < 2; run++) {
            Runs r = new Runs("mlp", 5);
            PruningSession s = open(r, MagnitudeConfig.iterative(0.3, 1, "reinit"));
            s.onCycleStart(0);
            Map<Parameter, float[]> start = copy(r);
            fakeTraining(r, 9);
            s.onCycleEnd(0);
            Parameter w = weights(r).getFirst();
            Tensor m = r.pruner.weightMasks().get(w);
            for (int i = 0; i < w.size(); i++) if (m.data()[i] == 0f) assertEquals(0f, w.value().data()[i]);
            assertFalse(java.util.Arrays.equals(start.get(w), w.value().data()), "survivors get new values");
            first[run] = w.value().data().clone();
        }
        assertArrayEquals(first[0], first[1], "the same seed re-initialises the same way");
    }

    @Test
    void classifierCanBeLeftOutOfTheRanking() {
        Runs r = new Runs("mlp", 6);
        var c = new MagnitudeConfig("iterative", 0.5, 1, 0.8, "none", false);
        PruningSession s = open(r, c);
        s.onCycleStart(0);
        fakeTraining(r, 1);
        s.onCycleEnd(0);
        List<Parameter> all = weights(r);
        Parameter classifier = all.getLast();
        assertNull(r.pruner.weightMasks().get(classifier));
        List<Parameter> hidden = WeightRanking.prunableWeights(r.model, false);
        assertEquals(all.size() - 1, hidden.size());
        assertEquals(Math.round(0.5 * WeightRanking.total(hidden)), WeightRanking.masked(r.pruner, hidden));
        assertNotEquals(0, WeightRanking.total(hidden));
    }
}
