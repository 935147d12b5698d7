package io.deadwood.methods.l1filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.testkit.PruningMethodContract;

class L1FilterContractTest extends PruningMethodContract {

    @Override
    protected PruningMethod<?> method() { return new L1FilterMethod(); }

    /** Two events early in a 12-step run, so the cuts are followed by fine-tuning. */
    @Override
    protected JsonNode quickConfig() {
        return JSON.createObjectNode().put("targetSparsity", 0.4).put("pruneAt", 0.25).put("pruneEnd", 0.5).put("steps", 2);
    }

    @Override
    protected boolean structured() { return true; }
}
