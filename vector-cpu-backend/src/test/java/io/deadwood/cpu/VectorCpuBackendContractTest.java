package io.deadwood.cpu;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.testkit.BackendContract;
import io.deadwood.testkit.RawGemm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend contract on the default thread count (one per processor). */
class VectorCpuBackendContractTest extends BackendContract {
    private static VectorCpuBackend backend;

    @BeforeAll
    static void open() {
        backend = new VectorCpuBackend(0);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Override
    protected ComputeBackend backend() {
        return backend;
    }

    @Override
    protected RawGemm rawGemm() {
        return backend::gemm;
    }
}
