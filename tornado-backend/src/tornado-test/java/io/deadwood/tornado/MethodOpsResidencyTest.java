package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.Penalty;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.checkpoint.SavableRandom;
import io.deadwood.api.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;

/**
 * A training step with DemP's per-step maths (its liveness test, regulariser and noise, and a
 * weight mask) as backend ops: after the first step no parameter comes back to the host and none is
 * sent again; only the batch, the live flags and the sequential generator's noise go up.
 */
@Tag("tornado")
class MethodOpsResidencyTest {
    private TornadoComputeBackend backend;

    @AfterEach
    void close() {
        if (backend != null) backend.close();
    }

    @Test
    void dempStepsMoveNoParameter() {
        backend = new TornadoComputeBackend(TornadoExecutionPlan.getDevice(0, 0), new KernelStats(false));
        Random r = new Random(5);
        int batch = 32, in = 50, out = 10;
        Tensor x = Tensor.zeros(batch, in), w = Tensor.zeros(out, in), b = Tensor.zeros(out), mask = Tensor.zeros(out, in);
        for (int i = 0; i < w.size(); i++) {
            w.data()[i] = (float) r.nextGaussian() * 0.3f;
            mask.data()[i] = i % 3 == 0 ? 0f : 1f;
        }
        Tensor vw = Tensor.zeros(out, in), vb = Tensor.zeros(out), h = Tensor.zeros(batch, out), gh = Tensor.zeros(batch, out);
        Tensor gw = Tensor.zeros(out, in), gb = Tensor.zeros(out);
        int[] labels = new int[batch];
        UnitAxis rows = new UnitAxis(out, in);
        SavableRandom rng = new SavableRandom(3);
        long[] afterFirst = null;
        for (int step = 0; step < 5; step++) {
            for (int i = 0; i < x.size(); i++) x.data()[i] = (float) r.nextGaussian();
            for (int i = 0; i < batch; i++) labels[i] = r.nextInt(out);
            backend.denseForward(x, w, b, h);
            double loss = backend.penaltySum(Penalty.L2, w, backend.softmaxCrossEntropy(h, labels, 0f, gh));
            assertTrue(Double.isFinite(loss));
            backend.denseBackward(x, w, gh, null, gw, gb);
            backend.applyMask(gw, mask);
            double[] zeros = new double[out];
            backend.unitReduce(gw, rows, UnitReduction.ZEROS, zeros);
            boolean[] live = new boolean[out];
            for (int u = 0; u < out; u++) live[u] = zeros[u] < in;
            backend.addPenaltyGradient(Penalty.L2, 1e-3f, w, gw);
            backend.sgdUpdate(w, gw, vw, 0.1f, 0.9f, false, 0f);
            backend.sgdUpdate(b, gb, vb, 0.1f, 0.9f, false, 0f);
            backend.addGaussianNoise(w, rows, live, 1e-3, rng);
            backend.addCounterNoise(b, new UnitAxis(out, 1), live, 1e-3, 9, step);
            // the mask goes last, as in a pruned step: noise must not revive a pruned weight
            backend.applyMask(w, mask);
            if (step == 0) afterFirst = backend.arena().copies();
        }
        long[] after = backend.arena().copies();
        assertEquals(0, after[2] - afterFirst[2], "device-written tensors handed back to the host");
        assertEquals(0, after[3] - afterFirst[3], "tensors sent to the device again");
        for (int i = 0; i < w.size(); i += 3) assertEquals(0f, w.data()[i], "masked weight " + i);
    }
}
