package io.deadwood.methods.slimming;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.testkit.PruningMethodContract;

class SlimmingContractTest extends PruningMethodContract {

    @Override
    protected PruningMethod<?> method() { return new SlimmingMethod(); }

    /** A strong penalty for a third of a 12-step run, one cut, then fine-tuning. */
    @Override
    protected JsonNode quickConfig() {
        return JSON.createObjectNode().put("targetSparsity", 0.4).put("pruneAt", 0.3).put("lambda", 1e-2);
    }

    @Override
    protected boolean structured() { return true; }
}
