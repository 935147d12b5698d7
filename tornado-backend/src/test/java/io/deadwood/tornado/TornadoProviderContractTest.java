package io.deadwood.tornado;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.testkit.BackendProviderContract;

class TornadoProviderContractTest extends BackendProviderContract {
    @Override
    protected BackendProvider provider() {
        return new TornadoBackendProvider();
    }
}
