package io.deadwood.testkit.data;

import io.deadwood.api.data.DatasetProvider;
import io.deadwood.testkit.DatasetProviderContract;
import java.util.List;

/** The contract holds for real-valued inputs and targets, not only byte images. */
class RampProviderContractTest extends DatasetProviderContract {
    @Override
    protected DatasetProvider provider() { return new RampProvider(); }

    @Override
    protected String validArgument() { return "20"; }

    @Override
    protected List<String> badArguments() { return List.of("", "0", "many"); }
}
