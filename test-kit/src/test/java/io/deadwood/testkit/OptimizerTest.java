package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.optim.AdamW;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.optim.Optimizers;
import io.deadwood.api.optim.Sgd;
import io.deadwood.api.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {
    private final ReferenceBackend backend = new ReferenceBackend();

    private static Parameter param(String name, boolean decayed, float value, float grad) {
        Parameter p = new Parameter(name, Tensor.wrap(new float[] {value, value}, 2), 0, -1, decayed);
        p.grad().fill(grad);
        return p;
    }

    private static OptimizerConfig sgd(double momentum, boolean nesterov, double wd) {
        return OptimizerConfig.sgd(0.1).withMomentum(momentum, nesterov).withWeightDecay(wd);
    }

    @Test
    void sgdMomentumMatchesHandComputedSteps() {
        Parameter w = param("w", true, 1f, 0.5f);
        Optimizer opt = Optimizers.create(sgd(0.9, false, 0.01));
        opt.step(List.of(w), 0.1f, backend);
        // p = 1 - 0.1*0.01*1 = 0.999; v = 0.5; p -= 0.1*0.5
        assertEquals(0.949f, w.value().get(0), 1e-6);
        assertEquals(0.5f, opt.slots(w).getFirst().get(0), 1e-7);
        opt.step(List.of(w), 0.1f, backend);
        // p = 0.949 - 0.0000949*10 = 0.948051; v = 0.9*0.5 + 0.5 = 0.95; p -= 0.095
        assertEquals(0.853051f, w.value().get(0), 1e-6);
        assertEquals(0.95f, opt.slots(w).getFirst().get(0), 1e-6);
        assertEquals(2, opt.stepCount());
    }

    @Test
    void sgdNesterovLooksAhead() {
        Parameter w = param("w", true, 1f, 0.5f);
        Optimizer opt = Optimizers.create(sgd(0.9, true, 0.01));
        opt.step(List.of(w), 0.1f, backend);
        // v = 0.5; step = 0.5 + 0.9*0.5 = 0.95; p = 0.999 - 0.095
        assertEquals(0.904f, w.value().get(0), 1e-6);
    }

    @Test
    void weightDecayOnlyTouchesDecayedParameters() {
        Parameter w = param("w", true, 1f, 0f);
        Parameter b = param("b", false, 1f, 0f);
        Optimizer opt = Optimizers.create(sgd(0, false, 0.01));
        opt.step(List.of(w, b), 0.1f, backend);
        assertEquals(0.999f, w.value().get(0), 1e-7);
        assertEquals(1f, b.value().get(0));
        assertTrue(opt.slotNames().isEmpty(), "no momentum, no velocity slot");
        assertTrue(opt.slots(w).isEmpty());
    }

    @Test
    void adamwBiasCorrectionMatchesHandComputedSteps() {
        OptimizerConfig cfg = OptimizerConfig.adamw(0.01).withWeightDecay(0.1);
        Parameter w = param("w", true, 1f, 0.5f);
        Parameter b = param("b", false, 1f, 0.5f);
        Optimizer opt = Optimizers.create(cfg);
        assertInstanceOf(AdamW.class, opt);
        opt.step(List.of(w, b), 0.01f, backend);
        // step 1: m_hat = g, v_hat = g^2, so the update is lr * g/|g| = 0.01 after decay 1 -> 0.999
        assertEquals(0.989f, w.value().get(0), 1e-6);
        assertEquals(0.99f, b.value().get(0), 1e-6);

        w.grad().fill(0.25f);
        opt.step(List.of(w), 0.01f, backend);
        double p = 0.989 - 0.01 * 0.1 * 0.989;
        double m = 0.9 * 0.05 + 0.1 * 0.25;
        double v = 0.999 * 0.00025 + 0.001 * 0.0625;
        double expected = p - 0.01 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.998001)) + 1e-8);
        assertEquals(0.978689, expected, 1e-6);
        assertEquals(expected, w.value().get(0), 1e-6);
        assertEquals(List.of("m", "v"), opt.slotNames());
        assertEquals((float) m, opt.slots(w).get(0).get(1), 1e-7);
        assertEquals(v, opt.slots(w).get(1).get(1), 1e-8);
    }

    @Test
    void adamwCountsBiasCorrectionPerParameter() {
        Optimizer opt = Optimizers.create(OptimizerConfig.adamw(0.01).withWeightDecay(0));
        Parameter early = param("early", true, 1f, 0.5f);
        opt.step(List.of(early), 0.01f, backend);
        Parameter late = param("late", true, 1f, 0.5f);
        opt.step(List.of(early, late), 0.01f, backend);
        // a parameter's first update is lr * sign(g) whatever the optimiser's global step
        assertEquals(0.99f, late.value().get(0), 1e-6);
    }

    @Test
    void slotsFollowSurgery() {
        Parameter w = param("w", true, 1f, 0.5f);
        Optimizer opt = new Sgd(OptimizerConfig.sgd(0.1));
        opt.step(List.of(w), 0.1f, backend);
        w.replace(Tensor.wrap(new float[] {1f}, 1));
        w.grad().fill(0.5f);
        IllegalStateException stale = assertThrows(IllegalStateException.class,
                () -> opt.step(List.of(w), 0.1f, backend));
        assertTrue(stale.getMessage().contains("parameter w"), stale.getMessage());

        Tensor sliced = Tensor.wrap(new float[] {opt.slots(w).getFirst().get(1)}, 1);
        opt.replaceSlots(w, List.of(sliced));
        assertSame(sliced, opt.slots(w).getFirst());
        opt.step(List.of(w), 0.1f, backend);
        assertEquals(0.9f * 0.5f + 0.5f, sliced.get(0), 1e-6);

        assertThrows(IllegalArgumentException.class, () -> opt.replaceSlots(w, List.of()));
        opt.resetSlots(w);
        assertTrue(opt.slots(w).isEmpty());
    }

    @Test
    void stateIsKeyedByIdentity() {
        Parameter a = param("same", true, 1f, 0.5f);
        Parameter b = param("same", true, 1f, 0.5f);
        Optimizer opt = Optimizers.create(OptimizerConfig.sgd(0.1));
        opt.step(List.of(a, b), 0.1f, backend);
        assertTrue(opt.slots(a).getFirst() != opt.slots(b).getFirst());
    }

    @Test
    void configValidationNamesTheField() {
        assertMessage("optimizer.lr must be > 0, got -1.0", () -> OptimizerConfig.sgd(-1));
        assertMessage("optimizer.name must be one of sgd, adamw, got adam",
                () -> new OptimizerConfig("adam", 0.1, 0.9, false, 0, 0.9, 0.999, 1e-8));
        assertMessage("optimizer.momentum must be in [0, 1), got 1.0", () -> sgd(1.0, false, 0));
        assertMessage("optimizer.weightDecay must be >= 0, got -0.1", () -> sgd(0.9, false, -0.1));
        assertMessage("optimizer.beta2 must be in [0, 1), got 1.5",
                () -> OptimizerConfig.adamw(0.01).withBetas(0.9, 1.5, 1e-8));
        assertMessage("optimizer.eps must be > 0, got 0.0",
                () -> OptimizerConfig.adamw(0.01).withBetas(0.9, 0.999, 0));
        assertMessage("optimizer.nesterov needs optimizer.momentum > 0, got 0", () -> sgd(0, true, 0));
    }

    static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(expected, e.getMessage());
    }
}
