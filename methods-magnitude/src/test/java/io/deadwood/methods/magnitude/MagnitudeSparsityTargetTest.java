package io.deadwood.methods.magnitude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.prune.SparsityTarget;
import org.junit.jupiter.api.Test;

/** Magnitude pruning's target is a fraction of weights, so it is never aimed at a neuron sparsity. */
class MagnitudeSparsityTargetTest {
    private final MagnitudeMethod method = new MagnitudeMethod();

    @Test
    void oneShotAimsAtAWeightSparsityOnly() {
        MagnitudeConfig oneShot = MagnitudeConfig.oneShot(0.8, "none");
        assertEquals(0.6, method.withSparsityTarget(oneShot, SparsityTarget.weights(0.6)).orElseThrow().targetSparsity());
        assertEquals(oneShot.rewind(), method.withSparsityTarget(oneShot, SparsityTarget.weights(0.6)).orElseThrow().rewind());
        assertTrue(method.withSparsityTarget(oneShot, SparsityTarget.neurons(0.6)).isEmpty());
    }

    @Test
    void theIterativeModeAimsAtNothing() {
        assertTrue(method.withSparsityTarget(MagnitudeConfig.defaults(), SparsityTarget.weights(0.6)).isEmpty());
    }
}
