package io.deadwood.reproduce.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.cpu.VectorCpuBackend;
import io.deadwood.testkit.BackendContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The timing wrapper is a backend like any other: the contract holds through it, and it counts what it times. */
class TimedBackendContractTest extends BackendContract {
    private static TimedBackend backend;

    @BeforeAll
    static void open() {
        backend = new TimedBackend(new VectorCpuBackend(2));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Override
    protected ComputeBackend backend() {
        return backend;
    }

    @Test
    void itTimesEachCallOnceUnderItsOwnName() {
        backend.reset();
        Tensor x = Tensor.zeros(4, 8), y = Tensor.zeros(4, 8);
        backend.reluForward(x, y);
        backend.reluForward(x, y);
        backend.countZeros(y);
        var ops = backend.snapshot();
        assertEquals(2, ops.get(TimedBackend.Op.RELU_FORWARD)[1]);
        assertEquals(1, ops.get(TimedBackend.Op.COUNT_ZEROS)[1]);
        assertTrue(ops.get(TimedBackend.Op.RELU_FORWARD)[0] > 0);
        assertEquals(2, ops.size(), "ops never called are left out");
    }
}
