package io.deadwood.methods.randomstructured;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.testkit.PruningMethodContract;

class RandomStructuredContractTest extends PruningMethodContract {

    @Override
    protected PruningMethod<?> method() { return new RandomStructuredMethod(); }

    /** Per-layer draws in two events early in a 12-step run. */
    @Override
    protected JsonNode quickConfig() {
        return JSON.createObjectNode().put("targetSparsity", 0.5).put("pruneAt", 0.2).put("pruneEnd", 0.4)
                .put("steps", 2).put("scope", "layer");
    }

    @Override
    protected boolean structured() { return true; }
}
