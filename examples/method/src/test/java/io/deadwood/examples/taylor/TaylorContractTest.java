package io.deadwood.examples.taylor;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.testkit.PruningMethodContract;

class TaylorContractTest extends PruningMethodContract {

    @Override
    protected PruningMethod<?> method() { return new TaylorMethod(); }

    /** Two events in the first half of a 12-step run, each averaged over two batches, then fine-tuning. */
    @Override
    protected JsonNode quickConfig() {
        return JSON.createObjectNode().put("targetSparsity", 0.4).put("pruneAt", 0.25).put("pruneEnd", 0.5)
                .put("steps", 2).put("batches", 2);
    }

    @Override
    protected boolean structured() { return true; }
}
