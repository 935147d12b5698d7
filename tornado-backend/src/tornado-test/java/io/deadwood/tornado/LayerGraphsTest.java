package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.nn.Conv2d;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Flatten;
import io.deadwood.api.nn.MaxPool2d;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.testkit.ReferenceBackend;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;

/**
 * After one step the plan holds a graph per layer pass, named after it, and each pass then runs as
 * one launch of its graph, with the same numbers as op by op.
 */
@Tag("tornado")
class LayerGraphsTest {
    private static Sequential net() {
        Sequential s = new Sequential("net", List.of(new Conv2d("conv1", 1, 4, 3, 1, 1, true), new ReLU("relu1"),
                new MaxPool2d("pool1", 2, 2), new Flatten("flat"), new Dense("fc", 4 * 4 * 4, 10, true, true)));
        s.initialize(new SplittableRandom(5));
        return s;
    }

    private static double step(Sequential net, ComputeBackend be, Tensor x, int[] labels) {
        ExecutionContext ctx = new ExecutionContext(be, true);
        Tensor logits = net.forward(x, ctx);
        Tensor grad = Tensor.zeros(logits.shape());
        double loss = be.softmaxCrossEntropy(logits, labels, 0f, grad);
        net.backward(grad, ctx);
        for (Parameter p : net.parameters()) be.sgdUpdate(p.value(), p.grad(), null, 0.05f, 0f, false, 0f);
        return loss;
    }

    @Test
    void eachLayerPassRunsAsOneGraphNamedAfterIt() {
        KernelStats stats = new KernelStats(true);
        try (TornadoComputeBackend backend = new TornadoComputeBackend(TornadoExecutionPlan.getDevice(0, 0), stats)) {
            Sequential onDevice = net(), onHost = net();
            ReferenceBackend reference = new ReferenceBackend();
            Random r = new Random(9);
            Tensor x = Tensor.zeros(8, 1, 8, 8);
            int[] labels = new int[8];
            for (int s = 0; s < 8; s++) {
                for (int i = 0; i < x.size(); i++) x.data()[i] = (float) r.nextGaussian();
                for (int i = 0; i < labels.length; i++) labels[i] = r.nextInt(10);
                double expected = step(onHost, reference, x, labels), actual = step(onDevice, backend, x, labels);
                assertEquals(expected, actual, 1e-5 * Math.max(1, expected), "loss at step " + s);
            }
            List<String> graphs = backend.arena().layerGraphs();
            assertTrue(graphs.containsAll(List.of("layer_conv1_forward", "layer_conv1_backward", "layer_relu1_forward",
                    "layer_pool1_backward", "layer_fc_forward", "layer_fc_backward")), graphs.toString());
            var seen = stats.snapshot();
            // step one records the passes with the first uploads of the weights in them; steps two and three run
            // them as every later step does, which replaces them; step four finds nothing new; step five rebuilds
            // the plan (and uploads again what the rebuild took back), steps six to eight use the graphs
            long[] conv = seen.get("layer_conv1_backward");
            assertTrue(conv != null && conv[0] >= 3 && conv[1] > 0, "conv1's backward graph ran on the device");
            for (int i = 0; i < onHost.parameters().size(); i++) {
                float[] e = onHost.parameters().get(i).value().data(), a = onDevice.parameters().get(i).value().data();
                for (int j = 0; j < e.length; j++) assertEquals(e[j], a[j], 1e-5f * Math.max(1f, Math.abs(e[j])));
            }
        }
    }
}
