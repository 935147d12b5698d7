package io.deadwood.testkit;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.prune.Surgery;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Shared steps of the layer and model contracts. */
final class ContractModels {
    private ContractModels() {
    }

    static Tensor input(long seed, int batch, int[] sampleShape) {
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = batch;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return TestTensors.gaussian(new SplittableRandom(seed), 1f, shape);
    }

    static Tensor eval(Model model, Tensor x, ComputeBackend backend) {
        return model.forward(x, new ExecutionContext(backend, false)).copy();
    }

    static Tensor eval(Layer layer, Tensor x, ComputeBackend backend, boolean training) {
        return layer.forward(x, new ExecutionContext(backend, training)).copy();
    }

    /**
     * Masks then cuts the first unit (and every third) of a group, and says whether the cut network
     * computes what the masked one did; null when it does, else what differs.
     */
    static String cutMatchesMask(Model model, UnitGroup group, Tensor x, ComputeBackend backend) {
        int[] units = java.util.stream.IntStream.range(0, group.size()).filter(u -> u % 3 == 0).toArray();
        if (units.length == group.size()) units = Arrays.copyOf(units, units.length - 1);
        if (units.length == 0) return null;
        CutChecker checker = new CutChecker(model, backend, x);
        checker.beforeCut(group, units);
        Surgery.remove(group, units, null, null);
        checker.afterCut(group.name(), units);
        List<String> failures = checker.failures();
        return failures.isEmpty() ? null : String.join("; ", failures);
    }
}
