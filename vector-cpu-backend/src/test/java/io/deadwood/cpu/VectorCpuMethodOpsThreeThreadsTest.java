package io.deadwood.cpu;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.testkit.MethodOpsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The methods' ops on three threads, an uneven split that neither the one-thread nor the
 * per-processor contract run takes: they must still give the reference's bits.
 */
class VectorCpuMethodOpsThreeThreadsTest extends MethodOpsContract {
    private static VectorCpuBackend backend;

    @BeforeAll
    static void open() {
        backend = new VectorCpuBackend(3);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Override
    protected ComputeBackend backend() {
        return backend;
    }
}
