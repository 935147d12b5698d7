package io.deadwood.cpu;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.testkit.BackendProviderContract;

class VectorCpuProviderContractTest extends BackendProviderContract {
    @Override
    protected BackendProvider provider() {
        return new VectorCpuBackendProvider();
    }
}
