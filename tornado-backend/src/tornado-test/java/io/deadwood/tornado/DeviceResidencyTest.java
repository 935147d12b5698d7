package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.DeadwoodException;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.testkit.ReferenceBackend;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;

/**
 * Tensors stay in device memory between ops and steps: a training step uploads only what the host
 * wrote (the batch and its labels) and downloads nothing but the loss until the host reads a tensor.
 */
@Tag("tornado")
class DeviceResidencyTest {
    private TornadoComputeBackend backend;

    private TornadoComputeBackend open(String memoryMib) {
        String before = System.getProperty(DeviceArena.MEMORY_PROPERTY);
        if (memoryMib != null) System.setProperty(DeviceArena.MEMORY_PROPERTY, memoryMib);
        try {
            backend = new TornadoComputeBackend(TornadoExecutionPlan.getDevice(0, 0), new KernelStats(false));
        } finally {
            if (before == null) System.clearProperty(DeviceArena.MEMORY_PROPERTY);
            else System.setProperty(DeviceArena.MEMORY_PROPERTY, before);
        }
        return backend;
    }

    @AfterEach
    void close() {
        if (backend != null) backend.close();
    }

    private static Tensor random(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) r.nextGaussian() * 0.5f;
        return t;
    }

    /** One dense layer, ReLU, loss and SGD with momentum, as the trainer calls them. */
    private static final class Net {
        final Tensor w, b, vw, vb, h, y, gy, gh, gw, gb;

        Net(Random r, int batch, int in, int out) {
            w = random(r, out, in);
            b = random(r, out);
            vw = Tensor.zeros(out, in);
            vb = Tensor.zeros(out);
            h = Tensor.zeros(batch, out);
            y = Tensor.zeros(batch, out);
            gy = Tensor.zeros(batch, out);
            gh = Tensor.zeros(batch, out);
            gw = Tensor.zeros(out, in);
            gb = Tensor.zeros(out);
        }

        Net copy() {
            Net n = new Net(new Random(0), h.dim(0), w.dim(1), w.dim(0));
            n.w.copyFrom(w);
            n.b.copyFrom(b);
            return n;
        }

        double step(io.deadwood.api.backend.ComputeBackend be, Tensor x, int[] labels) {
            be.denseForward(x, w, b, h);
            be.reluForward(h, y);
            double loss = be.softmaxCrossEntropy(y, labels, 0f, gy);
            be.reluBackward(y, gy, gh);
            be.denseBackward(x, w, gh, null, gw, gb);
            be.sgdUpdate(w, gw, vw, 0.1f, 0.9f, false, 0f);
            be.sgdUpdate(b, gb, vb, 0.1f, 0.9f, false, 0f);
            return loss;
        }
    }

    @Test
    void aTrainingStepMovesOnlyTheBatchAndTheWeightsComeBackWhenRead() {
        open(null);
        Random r = new Random(7);
        int batch = 32, in = 50, classes = 10;
        Net device = new Net(r, batch, in, classes), host = device.copy();
        ReferenceBackend reference = new ReferenceBackend();
        Tensor x = Tensor.zeros(batch, in);
        int[] labels = new int[batch];
        long[] afterFirst = null;
        for (int step = 0; step < 6; step++) {
            for (int i = 0; i < x.size(); i++) x.data()[i] = (float) r.nextGaussian();
            for (int i = 0; i < batch; i++) labels[i] = r.nextInt(classes);
            double expected = host.step(reference, x, labels);
            double actual = device.step(backend, x, labels);
            assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)), "loss at step " + step);
            if (step == 0) afterFirst = backend.arena().traffic();
        }
        long[] after = backend.arena().traffic();
        assertEquals(5L * (x.size() + batch), after[0] - afterFirst[0],
                "after the first step only the batch and its labels go to the device");
        assertEquals(5L * 3 * KernelGraphs.LOSS_ROWS, after[1] - afterFirst[1],
                "nothing but each loss's own row results comes back until the host reads a tensor");
        float[] w = device.w.data();
        assertEquals(device.w.size(), backend.arena().traffic()[1] - after[1], "reading w brings back w alone");
        assertClose(host.w.data(), w);
        assertClose(host.b.data(), device.b.data());
    }

    @Test
    void aHostWriteReachesTheDeviceBeforeTheNextOp() {
        open(null);
        Random r = new Random(3);
        Tensor pe = random(r, 1000), pa = pe.copy(), g = random(r, 1000);
        Tensor ve = Tensor.zeros(1000), va = Tensor.zeros(1000);
        ReferenceBackend reference = new ReferenceBackend();
        for (int step = 0; step < 3; step++) {
            reference.sgdUpdate(pe, g, ve, 0.05f, 0.9f, true, 1e-4f);
            backend.sgdUpdate(pa, g, va, 0.05f, 0.9f, true, 1e-4f);
            // the host edits the parameter between steps, as pruning masks and DemP's noise do
            pe.data()[step] = 0f;
            pa.data()[step] = 0f;
            pe.reshape(10, 100).set(500 + step, 2f);
            pa.reshape(10, 100).set(500 + step, 2f);
        }
        reference.sgdUpdate(pe, g, ve, 0.05f, 0.9f, true, 1e-4f);
        backend.sgdUpdate(pa, g, va, 0.05f, 0.9f, true, 1e-4f);
        assertClose(pe.data(), pa.data());
        assertClose(ve.data(), va.data());
    }

    @Test
    void aFullArenaHandsItsTensorsBackAndThenGrows() {
        open("1");
        long capacity = backend.arena().capacity();
        assertEquals(1 << 18, capacity);
        Random r = new Random(11);
        ReferenceBackend reference = new ReferenceBackend();
        int n = (int) (capacity / 5);
        Tensor a = random(r, n), b = random(r, n), c = random(r, n), d = random(r, n);
        Tensor ab = Tensor.zeros(n), cd = Tensor.zeros(n), abe = Tensor.zeros(n), cde = Tensor.zeros(n);
        backend.add(a, b, ab);
        reference.add(a, b, abe);
        backend.add(c, d, cd);  // six regions of a fifth each do not fit: ab is handed back first
        reference.add(c, d, cde);
        assertEquals(0, backend.arena().rebuilds(), "starting the arena again made room");
        assertArrayEquals(abe.data(), ab.data());
        assertArrayEquals(cde.data(), cd.data());
        int big = (int) capacity / 2;
        Tensor e = random(r, big), f = random(r, big), ef = Tensor.zeros(big), efe = Tensor.zeros(big);
        backend.add(e, f, ef);
        reference.add(e, f, efe);
        assertTrue(backend.arena().rebuilds() >= 1, "three halves of the arena need a larger one");
        assertTrue(backend.arena().capacity() >= 3L * big);
        assertArrayEquals(efe.data(), ef.data());
    }

    @Test
    void aMemorySizeThatIsNotWholeMibIsRefusedWithTheRange() {
        for (String bad : new String[] {"lots", "0", "-5", "9000"}) {
            DeadwoodException e = assertThrows(DeadwoodException.class, () -> open(bad), bad);
            assertTrue(e.getMessage().contains(DeviceArena.MEMORY_PROPERTY + "=" + bad) && e.getMessage().contains("1 to 8191"),
                    e.getMessage());
        }
        backend = null;
    }

    private static void assertClose(float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            float tol = 1e-5f * Math.max(1f, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol, "at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}
