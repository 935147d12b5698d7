package io.deadwood.methods.ap;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.testkit.PruningMethodContract;

/** AP around the default base method (magnitude), with one prune round to keep the run short. */
class ApContractTest extends PruningMethodContract {

    @Override
    protected PruningMethod<?> method() { return new ApMethod(); }

    @Override
    protected JsonNode quickConfig() {
        var c = JSON.createObjectNode();
        c.putObject("innerConfig").put("rounds", 1);
        return c;
    }

    @Override
    protected boolean structured() { return false; }

    @Override
    protected int epochs() { return 2; }
}
