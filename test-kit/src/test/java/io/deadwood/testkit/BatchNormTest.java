package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchNormTest {
    private final ExecutionContext train = new ExecutionContext(new ReferenceBackend(), true);
    private final ExecutionContext eval = train.eval();

    @Test
    void initialisesToIdentityWithUnitRunningVariance() {
        BatchNorm bn = new BatchNorm("bn", 3);
        bn.initialize(new SplittableRandom(1));
        assertArrayEquals(new float[] {1, 1, 1}, bn.gamma().value().data());
        assertArrayEquals(new float[] {0, 0, 0}, bn.beta().value().data());
        assertArrayEquals(new float[] {0, 0, 0}, bn.runningMean().data());
        assertArrayEquals(new float[] {1, 1, 1}, bn.runningVar().data());
        assertEquals(2, bn.buffers().size());
    }

    @Test
    void trainingUpdatesRunningStatisticsWithMomentum() {
        BatchNorm bn = new BatchNorm("bn", 2);
        bn.initialize(new SplittableRandom(1));
        // Channel 0 holds 1, 3 (mean 2, unbiased variance 2); channel 1 holds 4, 4.
        Tensor x = Tensor.wrap(new float[] {1, 4, 3, 4}, 2, 2);
        bn.forward(x, train);
        assertArrayEquals(new float[] {0.2f, 0.4f}, bn.runningMean().data(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.2f, 0.9f}, bn.runningVar().data(), 1e-6f);
    }

    @Test
    void evalNormalisesWithRunningStatisticsAndLeavesThemAlone() {
        BatchNorm bn = new BatchNorm("bn", 3);
        bn.initialize(new SplittableRandom(1));
        bn.gamma().value().data()[1] = 2f;
        bn.beta().value().data()[2] = -0.5f;
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 5; i++) bn.forward(TestTensors.gaussian(rng, 3f, 4, 3, 2, 2), train);
        float[] mean = bn.runningMean().data().clone(), var = bn.runningVar().data().clone();

        Tensor x = TestTensors.gaussian(rng, 2f, 2, 3, 2, 2);
        Tensor y = bn.forward(x, eval).copy();
        for (int i = 0; i < x.size(); i++) {
            int c = (i / 4) % 3;
            double expected = (x.get(i) - mean[c]) / Math.sqrt(var[c] + bn.eps()) * bn.gamma().value().get(c)
                    + bn.beta().value().get(c);
            assertEquals(expected, y.get(i), 1e-5);
        }
        assertArrayEquals(mean, bn.runningMean().data());
        assertArrayEquals(var, bn.runningVar().data());

        // Per-sample in eval mode: one sample alone gives what it gave inside the batch.
        Tensor first = Tensor.wrap(Arrays.copyOf(x.data(), 12), 1, 3, 2, 2);
        float[] alone = bn.forward(first, eval).data().clone();
        assertArrayEquals(Arrays.copyOf(y.data(), 12), alone, 1e-6f);
    }

    @Test
    void backwardNeedsATrainingForward() {
        BatchNorm bn = new BatchNorm("bn", 2);
        bn.initialize(new SplittableRandom(1));
        Tensor x = TestTensors.gaussian(new SplittableRandom(3), 1f, 4, 2);
        bn.forward(x, eval);
        assertThrows(IllegalStateException.class, () -> bn.backward(Tensor.zeros(4, 2), eval));
    }

    @Test
    void rejectsWrongChannelCount() {
        BatchNorm bn = new BatchNorm("bn", 2);
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(4, 3), train));
        assertThrows(IllegalArgumentException.class, () -> bn.outputShape(new int[] {3, 4, 4}));
    }
}
