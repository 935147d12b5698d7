package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.Conv2d;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Flatten;
import io.deadwood.api.nn.GlobalAvgPool;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.MaxPool2d;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.ResidualBlock;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every layer promises besides its gradients: shapes, buffer reuse, and no backward after eval. */
class LayerContractTest {
    private static final int[] IMAGE = {3, 6, 6};
    private final ExecutionContext train = new ExecutionContext(new ReferenceBackend(), true);

    static Stream<Layer> layers() {
        return Stream.of(
                new Dense("fc", 108, 5, true, true),
                new Conv2d("conv", 3, 4, 3, 2, 1, true),
                new BatchNorm("bn", 3),
                new ReLU("relu"),
                new MaxPool2d("pool", 2, 2),
                new GlobalAvgPool("gap"),
                new Flatten("flatten"),
                new ResidualBlock("block", 3, 3, 1),
                new ResidualBlock("down", 3, 6, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void outputMatchesOutputShapeAndBuffersAreReused(Layer layer) {
        layer.initialize(new SplittableRandom(1));
        Tensor x = TestTensors.gaussian(new SplittableRandom(2), 1f, 2, 3, 6, 6);
        Tensor y = layer.forward(x, train);
        int[] expected = layer.outputShape(IMAGE);
        assertArrayEquals(expected, Arrays.copyOfRange(y.shape(), 1, y.rank()));
        Tensor g = layer.backward(TestTensors.uniform(new SplittableRandom(3), y.shape()), train);
        assertArrayEquals(x.shape(), g.shape());

        Tensor x2 = TestTensors.gaussian(new SplittableRandom(4), 1f, 2, 3, 6, 6);
        Tensor y2 = layer.forward(x2, train);
        Tensor g2 = layer.backward(TestTensors.uniform(new SplittableRandom(5), y2.shape()), train);
        if (!(layer instanceof Flatten)) {
            assertSame(y, y2, "output buffer is reused for the same shape");
            assertSame(g, g2, "gradient buffer is reused for the same shape");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardAfterAnEvalForwardIsRefused(Layer layer) {
        layer.initialize(new SplittableRandom(1));
        Tensor x = TestTensors.gaussian(new SplittableRandom(2), 1f, 2, 3, 6, 6);
        Tensor y = layer.forward(x, train.eval());
        assertThrows(IllegalStateException.class, () -> layer.backward(Tensor.zeros(y.shape()), train));
    }

    @Test
    void kaimingInitialisationHasTheFanInScale() {
        Dense dense = new Dense("fc", 500, 400, true, true);
        dense.initialize(new SplittableRandom(1));
        double sum2 = 0;
        for (float v : dense.weight().value().data()) sum2 += v * v;
        double std = Math.sqrt(sum2 / dense.weight().size());
        assertEquals(Math.sqrt(2.0 / 500), std, 0.02 * Math.sqrt(2.0 / 500));
        for (float v : dense.bias().orElseThrow().value().data()) assertEquals(0f, v);

        Conv2d conv = new Conv2d("conv", 16, 64, 3, 1, 1, false);
        conv.initialize(new SplittableRandom(2));
        sum2 = 0;
        for (float v : conv.weight().value().data()) sum2 += v * v;
        assertEquals(Math.sqrt(2.0 / 144), Math.sqrt(sum2 / conv.weight().size()), 0.03 * Math.sqrt(2.0 / 144));
    }

    @Test
    void parametersDeclareTheirUnitAxes() {
        Dense dense = new Dense("fc", 4, 3, true, false);
        assertEquals(0, dense.weight().unitAxis());
        assertEquals(1, dense.weight().inputUnitAxis());
        assertEquals(0, dense.bias().orElseThrow().unitAxis());
        assertEquals(false, dense.bias().orElseThrow().decayed());
        assertEquals(0, dense.prunableUnits());
        Conv2d conv = new Conv2d("conv", 4, 3, 3, 1, 1, false);
        assertEquals(List.of(conv.weight()), conv.parameters());
        assertEquals(3, conv.prunableUnits());
        BatchNorm bn = new BatchNorm("bn", 3);
        assertEquals(0, bn.gamma().unitAxis());
        assertEquals(false, bn.gamma().decayed());
    }

    @Test
    void residualBlockCountsEachUnitOnce() {
        ResidualBlock down = new ResidualBlock("down", 3, 6, 2);
        long units = down.flatten().stream().mapToLong(Layer::prunableUnits).sum();
        assertEquals(6 + 6, units);
        assertEquals(0, down.shortcutConv().orElseThrow().prunableUnits());
        assertEquals(List.of("down.conv1", "down.bn1", "down.relu1", "down.conv2", "down.bn2",
                "down.shortcut.conv", "down.shortcut.bn", "down.relu2"),
                down.children().stream().map(Layer::name).toList());
    }
}
