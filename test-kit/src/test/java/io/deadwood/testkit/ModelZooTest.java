package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelZooTest {
    private static final int[] MNIST = {1, 28, 28};
    private static final int[] CIFAR = {3, 32, 32};
    private static final Set<String> SMALL = Set.of("mlp", "lenet5", "convnet");

    private final ExecutionContext train = new ExecutionContext(new ReferenceBackend(), true);

    static Stream<Arguments> everyModelShapeAndWidth() {
        return ModelZoo.names().stream().flatMap(name -> Stream.of(MNIST, CIFAR)
                .flatMap(shape -> Stream.of(1.0, 0.25).map(w -> Arguments.of(name, shape, w))));
    }

    @Test
    void listsEveryModel() {
        assertEquals(List.of("mlp", "lenet5", "convnet", "vgg11", "vgg16", "resnet18", "resnet20"), ModelZoo.names());
    }

    @Test
    void unknownNameListsTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelZoo.create("alexnet", 1, CIFAR, 10));
        assertEquals("unknown model 'alexnet'; choose one of: mlp, lenet5, convnet, vgg11, vgg16, resnet18, resnet20",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void widthMustBePositive(double width) {
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.create("mlp", width, MNIST, 10));
    }

    @Test
    void inputShapeMustBeChannelsHeightWidth() {
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.create("mlp", 1, new int[] {784}, 10));
    }

    @ParameterizedTest(name = "{0} {1} width {2}")
    @MethodSource("everyModelShapeAndWidth")
    void buildsWithUniqueNamesAndClassScores(String name, int[] shape, double width) {
        Model model = ModelZoo.create(name, width, shape, 10);
        assertEquals(name, model.name());
        assertArrayEquals(new int[] {10}, model.network().outputShape(shape));
        assertTrue(model.parameterCount() > 0);
        assertTrue(model.unitCount() > 0);
        assertTrue(model.forwardFlops() > 0);
        Set<String> layerNames = new HashSet<>();
        for (Layer l : model.layers()) assertTrue(layerNames.add(l.name()), () -> "duplicate layer name " + l.name());
        Set<String> paramNames = new HashSet<>();
        for (Parameter p : model.parameters()) assertTrue(paramNames.add(p.name()), () -> "duplicate parameter " + p.name());

        // The reference convolution is slow: run the big networks only when narrow.
        if (SMALL.contains(name) || width <= 0.25) {
            model.initialize(7);
            Tensor x = TestTensors.gaussian(new SplittableRandom(8), 1f, withBatch(2, shape));
            Tensor logits = model.forward(x, train);
            assertArrayEquals(new int[] {2, 10}, logits.shape());
            for (float v : logits.data()) assertTrue(Float.isFinite(v));
            Tensor gx = model.backward(TestTensors.uniform(new SplittableRandom(9), 2, 10), train);
            assertArrayEquals(x.shape(), gx.shape());
            Tensor evalLogits = model.forward(x, train.eval());
            assertArrayEquals(new int[] {2, 10}, evalLogits.shape());
        }
    }

    private static int[] withBatch(int n, int[] shape) {
        return new int[] {n, shape[0], shape[1], shape[2]};
    }

    @Test
    void mlpCountsMatchTheArchitecture() {
        Model mlp = ModelZoo.create("mlp", 1, MNIST, 10);
        assertEquals(784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10, mlp.parameterCount());
        assertEquals(266610, mlp.parameterCount());
        assertEquals(400, mlp.unitCount());
        assertEquals(2L * (784 * 300 + 300 * 100 + 100 * 10), mlp.forwardFlops());
        // Input size comes from the data.
        assertEquals(3 * 32 * 32 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10,
                ModelZoo.create("mlp", 1, CIFAR, 10).parameterCount());
    }

    @Test
    void convnetCountsMatchTheArchitecture() {
        Model convnet = ModelZoo.create("convnet", 1, MNIST, 10);
        long expected = (1 * 32 * 9 + 32) + (32 * 64 * 9 + 64) + (3136 * 128 + 128) + (128 * 10 + 10);
        assertEquals(421642, expected);
        assertEquals(expected, convnet.parameterCount());
        assertEquals(224, convnet.unitCount());
        assertEquals(2L * (28 * 28 * 32 * 9 + 14 * 14 * 64 * 32 * 9 + 3136 * 128 + 128 * 10), convnet.forwardFlops());
    }

    @Test
    void lenet5PadsSmallInputsToThirtyTwo() {
        long mnist = ModelZoo.create("lenet5", 1, MNIST, 10).parameterCount();
        long cifar = ModelZoo.create("lenet5", 1, CIFAR, 10).parameterCount();
        long tail = (16 * 5 * 5 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10) + (6 * 16 * 25 + 16);
        assertEquals(tail + 1 * 6 * 25 + 6, mnist);
        assertEquals(tail + 3 * 6 * 25 + 6, cifar);
        assertEquals(6 + 16 + 120 + 84, ModelZoo.create("lenet5", 1, MNIST, 10).unitCount());
    }

    @Test
    void cifarCountsMatchTheUsualImplementations() {
        assertEquals(11_173_962, ModelZoo.create("resnet18", 1, CIFAR, 10).parameterCount());
        assertEquals(14_724_042, ModelZoo.create("vgg16", 1, CIFAR, 10).parameterCount());
        // ResNet-20 with projection shortcuts (the parameter-free variant has 2,752 fewer).
        assertEquals(272_474, ModelZoo.create("resnet20", 1, CIFAR, 10).parameterCount());
        assertEquals(64 + 2 * (64 + 64) + 2 * (128 + 128) + 2 * (256 + 256) + 2 * (512 + 512),
                ModelZoo.create("resnet18", 1, CIFAR, 10).unitCount());
        assertEquals(16 + 3 * 32 + 3 * 64 + 3 * 128, ModelZoo.create("resnet20", 1, CIFAR, 10).unitCount());
        assertEquals(2 * 64 + 2 * 128 + 3 * 256 + 6 * 512, ModelZoo.create("vgg16", 1, CIFAR, 10).unitCount());
        assertEquals(64 + 128 + 2 * 256 + 4 * 512, ModelZoo.create("vgg11", 1, MNIST, 10).unitCount());
    }

    @Test
    void widthScalesHiddenLayersButNotTheClasses() {
        Model narrow = ModelZoo.create("mlp", 0.5, MNIST, 7);
        assertEquals(784 * 150 + 150 + 150 * 50 + 50 + 50 * 7 + 7, narrow.parameterCount());
        // Never narrower than one unit.
        assertEquals(3, ModelZoo.create("mlp", 1e-6, MNIST, 10).unitCount() + 1);
    }

    @Test
    void readableLayerNames() {
        List<String> names = ModelZoo.create("resnet18", 0.125, CIFAR, 10).layers().stream().map(Layer::name).toList();
        assertTrue(names.contains("stage2.block1.conv2"));
        assertTrue(names.contains("stage2.block1.shortcut.conv"));
        assertTrue(names.contains("stem.conv"));
        assertTrue(names.contains("classifier"));
    }

    @Test
    void initialisationIsDeterministic() {
        Model a = ModelZoo.create("resnet20", 0.5, CIFAR, 10), b = ModelZoo.create("resnet20", 0.5, CIFAR, 10);
        a.initialize(11);
        b.initialize(11);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).value().data(), b.parameters().get(i).value().data());
        }
    }
}
