package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.ac.manchester.tornado.api.enums.DataTransferMode.EVERY_EXECUTION;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
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
    void aKernelTheDriverCannotBuildThrowsInsteadOfRunningAsJava() {
        TornadoBackendProvider provider = new TornadoBackendProvider();
        assertTrue(provider.availability().available(), provider.availability().reason());
        provider.open(0).close();
        assertEquals("False", System.getProperty(TornadoSdkSupport.BAILOUT_PROPERTY));
        FloatArray x = new FloatArray(64), y = new FloatArray(64);
        x.init(12f);
        KernelPlan plan = new KernelPlan("bailout", new Object[] {x, y}, new KernelStats(true));
        TaskGraph g = new TaskGraph("bailout")
                .transferToDevice(EVERY_EXECUTION, x)
                .task("t", BailoutIsAnErrorTest::twice, new KernelContext(), x, y)
                .transferToHost(EVERY_EXECUTION, y);
        plan.grid1d("t").openClFlags("-cl-std=CL9.9").compile(g, TornadoExecutionPlan.getDevice(0, 0));
        plan.size1d("t", 64);
        assertThrows(TornadoBailoutRuntimeException.class, plan::run);
        assertEquals(0f, y.get(0), "the kernel must not have run as Java");
        plan.close();
    }
}
