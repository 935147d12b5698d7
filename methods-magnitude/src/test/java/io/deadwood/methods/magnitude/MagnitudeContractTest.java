package io.deadwood.methods.magnitude;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.testkit.PruningMethodContract;

class MagnitudeContractTest extends PruningMethodContract {

    @Override
    protected PruningMethod<?> method() { return new MagnitudeMethod(); }

    /** One round of 30%: two cycles, so the run stays short but prunes. */
    @Override
    protected JsonNode quickConfig() {
        return JSON.createObjectNode().put("rounds", 1).put("rate", 0.3);
    }

    @Override
    protected boolean structured() { return false; }

    @Override
    protected int epochs() { return 2; }
}
