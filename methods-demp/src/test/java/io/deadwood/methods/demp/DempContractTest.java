package io.deadwood.methods.demp;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.testkit.PruningMethodContract;

class DempContractTest extends PruningMethodContract {

    @Override
    protected PruningMethod<?> method() { return new DempMethod(); }

    /** The tiny run has 12 steps: a strong regulariser that peaks early, and a check after every step. */
    @Override
    protected JsonNode quickConfig() {
        return JSON.createObjectNode().put("lambdaMax", 0.5).put("lambdaPeakAt", 0.1).put("checkEvery", 1);
    }

    @Override
    protected boolean structured() { return true; }
}
