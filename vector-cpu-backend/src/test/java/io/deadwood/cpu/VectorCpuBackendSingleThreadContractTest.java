package io.deadwood.cpu;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.testkit.BackendContract;
import io.deadwood.testkit.RawGemm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend contract on one thread, where every op takes its unsplit path. */
class VectorCpuBackendSingleThreadContractTest extends BackendContract {
    private static VectorCpuBackend backend;

    @BeforeAll
    static void open() {
        backend = new VectorCpuBackend(1);
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
