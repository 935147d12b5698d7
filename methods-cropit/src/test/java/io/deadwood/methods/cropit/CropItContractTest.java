package io.deadwood.methods.cropit;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.testkit.PruningMethodContract;

class CropItContractTest extends PruningMethodContract {

    @Override
    protected PruningMethod<?> method() { return new CropItMethod(); }

    /** Three re-scored rounds after the first step, then fine-tuning. */
    @Override
    protected JsonNode quickConfig() {
        return JSON.createObjectNode().put("targetSparsity", 0.4).put("start", 0.2).put("rounds", 3);
    }

    @Override
    protected boolean structured() { return true; }
}
