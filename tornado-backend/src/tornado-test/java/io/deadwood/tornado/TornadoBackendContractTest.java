package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.testkit.BackendContract;
import io.deadwood.testkit.RawGemm;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The backend contract on TornadoVM's device, which must be there (this source tree is compiled
 * only with an SDK). Bailouts are switched off, so a kernel TornadoVM cannot compile fails its test
 * instead of running as plain Java; and at the end every kernel that ran must have reported device
 * time to TornadoVM's profiler.
 */
@Tag("tornado")
class TornadoBackendContractTest extends BackendContract {
    private static ComputeBackend backend;
    private static KernelStats stats;

    @BeforeAll
    static void open() {
        System.setProperty(TornadoSdkSupport.PROFILE_PROPERTY, "true");
        TornadoBackendProvider provider = new TornadoBackendProvider();
        assertTrue(provider.availability().available(), provider.availability().reason());
        backend = provider.open(0);
        stats = TornadoSdkSupport.lastStats();
        assertEquals("False", System.getProperty(TornadoSdkSupport.BAILOUT_PROPERTY),
                "TornadoVM must fail on a bailout, not fall back to Java");
    }

    @AfterAll
    static void everyKernelRanOnTheDevice() {
        Map<String, long[]> seen = stats.snapshot();
        backend.close();
        KernelRunAssertions.assertAllOnDevice(seen);
    }

    @Override
    protected ComputeBackend backend() {
        return backend;
    }

    @Override
    protected RawGemm rawGemm() {
        return ((TornadoComputeBackend) backend)::gemm;
    }

    /** The device's log and cos, and its reduction order, may differ from the host's in the last bits. */
    @Override
    protected boolean exactMethodOps() {
        return false;
    }
}
