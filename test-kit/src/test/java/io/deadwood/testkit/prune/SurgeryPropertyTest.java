package io.deadwood.testkit.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.optim.Optimizers;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.prune.Surgery;
import io.deadwood.api.prune.UnitGraph;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.testkit.ReferenceBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Masking units to zero and cutting them out must give the same network, for every model. */
class SurgeryPropertyTest {
    private final ReferenceBackend backend = new ReferenceBackend();

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String name : ModelZoo.names()) {
            for (long seed : new long[] {1, 2}) {
                out.add(Arguments.of(name, new int[] {1, 28, 28}, seed));
                out.add(Arguments.of(name, new int[] {3, 32, 32}, seed + 10));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void cutNetworkEqualsMaskedNetwork(String name, int[] input, long seed) {
        double width = name.startsWith("vgg") || name.equals("resnet18") ? 0.0625 : 0.25;
        Model model = ModelZoo.create(name, width, input, 10);
        model.initialize(seed);
        SplittableRandom rng = new SplittableRandom(seed * 31 + 7);
        Tensor x = randomInput(rng, 2, input);
        ExecutionContext train = new ExecutionContext(backend, true);
        // A training step moves BatchNorm statistics and fills optimiser state, so both get sliced for real.
        Optimizer opt = Optimizers.create(OptimizerConfig.adamw(1e-2));
        Tensor logits = model.forward(x, train);
        Tensor g = Tensor.zeros(logits.shape());
        backend.softmaxCrossEntropy(logits, new int[] {1, 3}, 0f, g);
        model.backward(g, train);
        opt.step(model.parameters(), 1e-2f, backend);

        Map<String, int[]> chosen = new HashMap<>();
        for (UnitGroup group : UnitGraph.of(model).groups()) {
            int[] units = randomSubset(rng, group.size());
            chosen.put(group.name(), units);
            boolean[] keep = new boolean[group.size()];
            java.util.Arrays.fill(keep, true);
            for (int u : units) keep[u] = false;
            group.activation().setUnitMask(keep);
        }
        ExecutionContext eval = new ExecutionContext(backend, false);
        Tensor masked = model.forward(x, eval).copy();
        long paramsBefore = model.parameterCount(), unitsBefore = model.unitCount(), flopsBefore = model.forwardFlops();

        int removed = 0;
        for (Map.Entry<String, int[]> e : chosen.entrySet()) {
            Surgery.remove(UnitGraph.of(model).group(e.getKey()), e.getValue(), opt, null);
            removed += e.getValue().length;
        }
        Tensor cut = model.forward(x, eval);
        for (int i = 0; i < cut.size(); i++) {
            assertEquals(masked.get(i), cut.get(i), 1e-4 * (1 + Math.abs(masked.get(i))), name + " logit " + i);
        }
        assertEquals(unitsBefore - removed, model.unitCount());
        assertEquals(unitsBefore - removed, UnitGraph.of(model).totalUnits());
        assertTrue(model.parameterCount() < paramsBefore, "params must fall");
        assertTrue(model.forwardFlops() < flopsBefore, "FLOPs must fall");
        for (var p : model.parameters()) {
            for (Tensor slot : opt.slots(p)) assertTrue(slot.hasShape(p.value().shape()), p.name());
        }
        // The narrowed network still trains: a step runs and the optimiser accepts its state.
        logits = model.forward(x, train);
        backend.softmaxCrossEntropy(logits, new int[] {1, 3}, 0f, g);
        model.backward(g, train);
        opt.step(model.parameters(), 1e-2f, backend);
    }

    private static Tensor randomInput(SplittableRandom rng, int n, int[] shape) {
        Tensor x = Tensor.zeros(n, shape[0], shape[1], shape[2]);
        for (int i = 0; i < x.size(); i++) x.set(i, (float) rng.nextGaussian());
        return x;
    }

    /** Between one unit and all but one, in random order. */
    private static int[] randomSubset(SplittableRandom rng, int size) {
        int count = size == 1 ? 0 : 1 + rng.nextInt(size - 1);
        int[] perm = rng.ints(0, Integer.MAX_VALUE).limit(size).toArray();
        Integer[] idx = new Integer[size];
        for (int i = 0; i < size; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Integer.compare(perm[a], perm[b]));
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = idx[i];
        return out;
    }
}
