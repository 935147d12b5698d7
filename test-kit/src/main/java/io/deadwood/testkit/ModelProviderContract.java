package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelDigest;
import io.deadwood.api.model.ModelFile;
import io.deadwood.api.model.ModelProvider;
import io.deadwood.api.model.Models;
import io.deadwood.api.prune.UnitGraph;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every model provider promises: it is found by id, builds what was asked for, is fixed by
 * its seed, and its models (dense, with units cut, with units masked) save and reload bit for bit,
 * through model files and checkpoints alike. A provider's test extends this and names it.
 */
public abstract class ModelProviderContract {
    private final ComputeBackend backend = new ReferenceBackend();

    @TempDir
    Path dir;

    protected abstract ModelProvider provider();

    /** Per-sample input shape to build for. */
    protected int[] inputShape() { return new int[] {1, 28, 28}; }

    protected int classes() { return 10; }

    /** A width that keeps the model small enough for the scalar reference backend. */
    protected double width() { return 0.125; }

    private Model build(long seed) {
        Model m = Models.discover(getClass().getClassLoader()).create(provider().id(), width(), inputShape(), classes());
        m.initialize(seed);
        return m;
    }

    private Tensor input() { return ContractModels.input(21, 2, inputShape()); }

    @Test
    void isDiscoveredById() {
        Models models = Models.discover(getClass().getClassLoader());
        assertTrue(models.ids().contains(provider().id()), provider().id() + " not in " + models.ids());
        assertTrue(provider().id().matches("[a-z0-9-]+"), provider().id());
        assertFalse(provider().description().isBlank());
    }

    @Test
    void buildsTheModelAskedFor() {
        Model m = build(1);
        assertEquals(provider().id(), m.name());
        assertArrayEquals(inputShape(), m.inputShape());
        Tensor y = ContractModels.eval(m, input(), backend);
        assertArrayEquals(new int[] {2, classes()}, y.shape());
        for (float v : y.data()) assertTrue(Float.isFinite(v), "a logit is " + v);
    }

    @Test
    void refusesAWidthThatIsNotPositive() {
        Models models = Models.discover(getClass().getClassLoader());
        assertThrows(IllegalArgumentException.class, () -> models.create(provider().id(), 0, inputShape(), classes()));
        assertThrows(IllegalArgumentException.class, () -> models.create(provider().id(), Double.NaN, inputShape(), classes()));
    }

    @Test
    void seedFixesTheInitialWeights() {
        assertEquals(ModelDigest.sha256(build(3)), ModelDigest.sha256(build(3)));
        assertNotEquals(ModelDigest.sha256(build(3)), ModelDigest.sha256(build(4)));
    }

    @Test
    void widerMeansMoreParameters() {
        Models models = Models.discover(getClass().getClassLoader());
        long narrow = models.create(provider().id(), width(), inputShape(), classes()).parameterCount();
        long wide = models.create(provider().id(), 2 * width(), inputShape(), classes()).parameterCount();
        assertTrue(wide > narrow, "width " + 2 * width() + " has " + wide + " parameters, width " + width() + " " + narrow);
    }

    @Test
    void everyUnitGroupHasAnActivationAndConsumers() {
        UnitGraph graph = UnitGraph.of(build(5));
        for (UnitGroup g : graph.groups()) {
            assertNotNull(g.activation(), g.name());
            assertFalse(g.consumers().isEmpty(), g.name() + " has no consumers");
            assertFalse(g.producers().isEmpty(), g.name() + " has no producers");
        }
    }

    @Test
    void savesAndReloadsDenseBitForBit() {
        assertReloads(build(6));
    }

    @Test
    void savesAndReloadsCutAndMaskedBitForBit() {
        Model m = build(7);
        Tensor x = input();
        List<UnitGroup> groups = UnitGraph.of(m).groups();
        if (groups.isEmpty()) return;
        // Cut units of every other group (checked against masking them), mask units of the rest.
        for (int i = 0; i < groups.size(); i++) {
            UnitGroup g = UnitGraph.of(m).group(groups.get(i).name());
            if (g.size() < 2) continue;
            if (i % 2 == 0) {
                assertNull(ContractModels.cutMatchesMask(m, g, x, backend), g.name());
            } else {
                boolean[] keep = new boolean[g.size()];
                Arrays.fill(keep, true);
                keep[g.size() - 1] = false;
                g.activation().setUnitMask(keep);
            }
        }
        Model loaded = assertReloads(m);
        for (int i = 1; i < groups.size(); i += 2) {
            UnitGroup g = UnitGraph.of(loaded).group(groups.get(i).name());
            if (g.size() >= 2) assertNotNull(g.activation().unitMask(), "the mask on " + g.name() + " was lost on reload");
        }
    }

    private Model assertReloads(Model m) {
        Path file = dir.resolve(m.name() + "-" + System.nanoTime() + ".dwm");
        ModelFile.save(file, m, width(), Normalization.identity(inputShape()[0]));
        ModelFile.Loaded loaded = ModelFile.load(file, Models.discover(getClass().getClassLoader()));
        assertEquals(ModelDigest.sha256(m), ModelDigest.sha256(loaded.model()), "model file round trip");
        assertArrayEquals(ContractModels.eval(m, input(), backend).data(), ContractModels.eval(loaded.model(), input(), backend).data());

        Model fresh = build(99);
        StateCodec.restoreModel(fresh, StateCodec.JSON.valueToTree(StateCodec.model(m)));
        assertEquals(ModelDigest.sha256(m), ModelDigest.sha256(fresh), "checkpoint round trip");
        return loaded.model();
    }
}
