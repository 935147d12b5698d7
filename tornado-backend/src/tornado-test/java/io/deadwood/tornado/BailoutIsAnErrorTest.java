package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.ac.manchester.tornado.api.enums.DataTransferMode.EVERY_EXECUTION;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.exceptions.TornadoBailoutRuntimeException;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * When the device cannot build a kernel, TornadoVM's default is to print one line and run the task
 * as sequential Java, whose output is correct: a test comparing numbers would pass. Here the OpenCL
 * driver is given a build option it rejects; the plan must throw, and the output must stay unset.
 */
@Tag("tornado")
class BailoutIsAnErrorTest {

    public static void twice(KernelContext ctx, FloatArray x, FloatArray y) {
        int i = ctx.globalIdx;
        y.set(i, 2f * x.get(i));
    }

    @Test
    void aKernelTheDriverCannotBuildThrowsInsteadOfRunningAsJava() throws Exception {
        TornadoBackendProvider provider = new TornadoBackendProvider();
        assertTrue(provider.availability().available(), provider.availability().reason());
        provider.open(0).close();
        assertEquals("False", System.getProperty(TornadoSdkSupport.BAILOUT_PROPERTY));
        FloatArray x = new FloatArray(64), y = new FloatArray(64);
        x.init(12f);
        TaskGraph g = new TaskGraph("bailout")
                .transferToDevice(EVERY_EXECUTION, x)
                .task("t", BailoutIsAnErrorTest::twice, new KernelContext(), x, y)
                .transferToHost(EVERY_EXECUTION, y);
        WorkerGrid grid = new WorkerGrid1D(64);
        grid.setLocalWork(64, 1, 1);
        GridScheduler scheduler = new GridScheduler("bailout.t", grid);
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(g.snapshot())) {
            plan.withDevice(TornadoExecutionPlan.getDevice(0, 0)).withGridScheduler(scheduler)
                    .withCompilerFlags(TornadoVMBackendType.OPENCL, "-cl-std=CL9.9");
            assertThrows(TornadoBailoutRuntimeException.class, plan::execute);
        }
        assertEquals(0f, y.get(0), "the kernel must not have run as Java");
    }
}
