package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelDigest;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Flatten;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.nn.StateSlot;
import io.deadwood.api.prune.UnitGraph;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What every layer promises: its shapes, gradients and determinism; a state that names every
 * parameter and round-trips through a checkpoint bit for bit; and, for a layer that produces
 * prunable units, unit wiring under which cutting a unit computes what masking it computed. A
 * layer's test extends this and builds the layer; the contract wraps it in a small model
 * (layer, ReLU, flatten, a two-class dense head) where it needs one.
 */
public abstract class LayerContract {
    private final ComputeBackend backend = new ReferenceBackend();

    /** A fresh, uninitialised layer; called once per use. */
    protected abstract Layer layer();

    /** The per-sample input shape the layer takes. */
    protected abstract int[] inputShape();

    protected int batch() { return 3; }

    /** Finite-difference step; 1e-3 suits layers with kinks close to typical inputs. */
    protected float gradientEps() { return 1e-2f; }

    protected double gradientTolerance() { return 2e-2; }

    private Model wrapped(long seed) {
        Layer layer = layer();
        int[] out = layer.outputShape(inputShape());
        int features = 1;
        for (int d : out) features *= d;
        Model m = new Model("contract", new Sequential("contract", List.of(layer, new ReLU("contract.relu"),
                new Flatten("contract.flatten"), new Dense("contract.head", features, 2, true, false))), inputShape(), 2);
        m.initialize(seed);
        return m;
    }

    @Test
    void outputShapeMatchesWhatForwardReturns() {
        Layer layer = layer();
        layer.initialize(new SplittableRandom(1));
        int[] expected = layer.outputShape(inputShape());
        Tensor x = ContractModels.input(2, batch(), inputShape());
        for (boolean training : new boolean[] {true, false}) {
            Tensor y = ContractModels.eval(layer, x, backend, training);
            assertEquals(batch(), y.dim(0));
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(y.shape(), 1, y.rank()),
                    "output shape in " + (training ? "training" : "evaluation"));
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Layer layer = layer();
        layer.initialize(new SplittableRandom(3));
        Tensor x = ContractModels.input(4, batch(), inputShape());
        GradientCheck.Report report = GradientCheck.check(layer, x, backend,
                GradientCheck.Options.defaults().withEps(gradientEps()));
        for (GradientCheck.Result r : report.all()) {
            assertTrue(r.passes(gradientTolerance()), r.toString());
            assertTrue(r.skipped() <= Math.max(3, r.checked() / 4), "too many elements at kinks to say anything: " + r);
        }
    }

    @Test
    void forwardIsDeterministic() {
        Layer layer = layer();
        layer.initialize(new SplittableRandom(5));
        Tensor x = ContractModels.input(6, batch(), inputShape());
        Tensor a = ContractModels.eval(layer, x, backend, false);
        Tensor b = ContractModels.eval(layer, x, backend, false);
        assertArrayEquals(a.data(), b.data());
    }

    @Test
    void stateNamesEveryParameterOnce() {
        Layer layer = layer();
        Set<String> names = new HashSet<>();
        Set<String> parameterSlots = new HashSet<>();
        for (Layer l : layer.flatten()) {
            for (StateSlot s : l.state()) {
                assertTrue(names.add(s.name()), "two slots named " + s.name());
                assertNotNull(s.kind(), s.name());
                if (!s.kind().optional()) assertNotNull(s.value(), "required slot " + s.name() + " has no value");
                if (s.kind() == StateSlot.Kind.PARAMETER) parameterSlots.add(s.name());
            }
        }
        for (Parameter p : layer.allParameters()) {
            assertTrue(parameterSlots.contains(p.name()), "parameter " + p.name() + " is not in the layer's state");
        }
    }

    @Test
    void stateRoundTripsThroughACheckpointBitForBit() {
        Model trained = wrapped(7);
        // Training-mode passes move running statistics, so buffers hold something other than their start.
        Tensor x = ContractModels.input(8, batch(), inputShape());
        trained.forward(x, new io.deadwood.api.nn.ExecutionContext(backend, true));
        var saved = StateCodec.model(trained);
        Model fresh = wrapped(9);
        StateCodec.restoreModel(fresh, StateCodec.JSON.valueToTree(saved));
        assertEquals(ModelDigest.sha256(trained), ModelDigest.sha256(fresh));
        assertArrayEquals(ContractModels.eval(trained, x, backend).data(), ContractModels.eval(fresh, x, backend).data());
    }

    @Test
    void cuttingAUnitComputesWhatMaskingItDid() {
        Model model = wrapped(11);
        Tensor x = ContractModels.input(12, batch(), inputShape());
        List<UnitGroup> groups = UnitGraph.of(model).groups();
        boolean produces = model.layers().stream().anyMatch(l -> l.prunableUnits() > 0);
        if (produces) assertFalse(groups.isEmpty(), "the layer has prunable units but its wiring gives no unit group");
        for (UnitGroup g : groups) {
            assertNull(ContractModels.cutMatchesMask(model, UnitGraph.of(model).group(g.name()), x, backend), g.name());
        }
        model.outputShapeCheck();
    }
}
