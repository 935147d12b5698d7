package io.deadwood.methods.earlycrop;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.testkit.PruningMethodContract;

class EarlyCropContractTest extends PruningMethodContract {

    @Override
    protected PruningMethod<?> method() { return new EarlyCropMethod(); }

    /** A 12-step run is too short for the weight check (it needs three epoch ends): the cap at step 3 prunes. */
    @Override
    protected JsonNode quickConfig() {
        return JSON.createObjectNode().put("targetSparsity", 0.4).put("pruneAt", 0.25);
    }

    @Override
    protected boolean structured() { return true; }
}
