package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every layer's backward pass against central finite differences on the reference backend. */
class LayerGradientTest {
    private static final double TOLERANCE = 1e-2;
    private final ReferenceBackend backend = new ReferenceBackend();

    private static <L extends Layer> L initialized(L layer, long seed) {
        layer.initialize(new SplittableRandom(seed));
        return layer;
    }

    /** Moves BatchNorm scale and shift off 1 and 0 so their gradients are exercised in general position. */
    private static void perturbBatchNorms(Layer root, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Layer l : root.flatten()) {
            if (l instanceof BatchNorm bn) {
                float[] g = bn.gamma().value().data(), b = bn.beta().value().data();
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (0.5 + rng.nextDouble());
                    b[i] = (float) (rng.nextDouble() - 0.5);
                }
            }
        }
    }

    private void assertGradients(Layer layer, Tensor x, GradientCheck.Options options, double maxSkippedFraction) {
        GradientCheck.Report report = GradientCheck.check(layer, x, backend, options);
        assertEquals(layer.allParameters().size(), report.parameters().size());
        int skipped = 0, total = 0;
        for (GradientCheck.Result r : report.all()) {
            assertTrue(r.passes(TOLERANCE), () -> layer + " gradient mismatch:\n" + report);
            assertTrue(r.maxAbsGradient() > 0, () -> layer + " has an all-zero gradient:\n" + report);
            skipped += r.skipped();
            total += r.checked() + r.skipped();
        }
        assertTrue(skipped <= maxSkippedFraction * total, () -> layer + " too many kinks skipped:\n" + report);
    }

    private void assertSmoothGradients(Layer layer, Tensor x) {
        assertGradients(layer, x, GradientCheck.Options.defaults(), 0);
    }

    @Test
    void dense() {
        Tensor x = TestTensors.gaussian(new SplittableRandom(1), 1f, 4, 7);
        assertSmoothGradients(initialized(new Dense("fc", 7, 5, true, true), 2), x);
    }

    @Test
    void denseWithoutBiasOnUnflattenedInput() {
        Tensor x = TestTensors.gaussian(new SplittableRandom(3), 1f, 3, 2, 2, 3);
        Dense dense = initialized(new Dense("fc", 12, 4, false, true), 4);
        assertSmoothGradients(dense, x);
        assertTrue(dense.backward(Tensor.zeros(3, 4), new ExecutionContext(backend, true))
                .hasShape(3, 2, 2, 3), "input gradient keeps the input's shape");
    }

    @ParameterizedTest(name = "in={0} out={1} k={2} stride={3} pad={4} bias={5}")
    @CsvSource({
        "3, 4, 3, 1, 1, true",
        "3, 4, 3, 2, 1, true",
        "2, 3, 1, 2, 0, false",
        "2, 5, 2, 1, 0, true",
        "4, 2, 3, 2, 2, false",
    })
    void conv2d(int in, int out, int k, int stride, int pad, boolean bias) {
        Tensor x = TestTensors.gaussian(new SplittableRandom(5), 1f, 2, in, 7, 6);
        assertSmoothGradients(initialized(new Conv2d("conv", in, out, k, stride, pad, bias), 6), x);
    }

    @Test
    void batchNorm1d() {
        BatchNorm bn = initialized(new BatchNorm("bn", 5), 7);
        perturbBatchNorms(bn, 8);
        Tensor x = TestTensors.gaussian(new SplittableRandom(9), 2f, 6, 5);
        assertSmoothGradients(bn, x);
    }

    @Test
    void batchNorm2d() {
        BatchNorm bn = initialized(new BatchNorm("bn", 4), 10);
        perturbBatchNorms(bn, 11);
        Tensor x = TestTensors.gaussian(new SplittableRandom(12), 2f, 3, 4, 3, 3);
        assertSmoothGradients(bn, x);
    }

    @Test
    void relu() {
        // |x| >= 0.1 and eps = 0.01: no element crosses zero.
        Tensor x = TestTensors.awayFromZero(new SplittableRandom(13), 0.1f, 1f, 3, 2, 4, 4);
        assertSmoothGradients(new ReLU("relu"), x);
    }

    @ParameterizedTest(name = "window={0} stride={1}")
    @CsvSource({"2, 2", "3, 2", "2, 1"})
    void maxPool(int window, int stride) {
        // Entries at least 0.05 apart and eps = 0.01: no perturbation changes a window's maximum.
        Tensor x = TestTensors.distinct(new SplittableRandom(14), 0.05f, 2, 3, 7, 6);
        assertSmoothGradients(new MaxPool2d("pool", window, stride), x);
    }

    @Test
    void globalAvgPool() {
        Tensor x = TestTensors.gaussian(new SplittableRandom(15), 1f, 3, 4, 3, 5);
        assertSmoothGradients(new GlobalAvgPool("gap"), x);
    }

    @Test
    void flatten() {
        Tensor x = TestTensors.gaussian(new SplittableRandom(16), 1f, 3, 2, 3, 4);
        assertSmoothGradients(new Flatten("flatten"), x);
    }

    @Test
    void residualBlockWithIdentityShortcut() {
        ResidualBlock block = initialized(new ResidualBlock("block", 4, 4, 1), 17);
        perturbBatchNorms(block, 18);
        assertFalse(block.hasProjection());
        Tensor x = TestTensors.gaussian(new SplittableRandom(19), 1f, 3, 4, 5, 5);
        assertGradients(block, x, GradientCheck.Options.defaults().withEps(1e-3f), 0.1);
    }

    @Test
    void residualBlockWithProjectionShortcut() {
        ResidualBlock block = initialized(new ResidualBlock("block", 3, 5, 2), 20);
        perturbBatchNorms(block, 21);
        assertTrue(block.hasProjection());
        Tensor x = TestTensors.gaussian(new SplittableRandom(22), 1f, 3, 3, 6, 6);
        assertGradients(block, x, GradientCheck.Options.defaults().withEps(1e-3f), 0.1);
    }

    @Test
    void sequential() {
        Sequential net = new Sequential("net", List.of(
                // No bias: BatchNorm follows, which makes a bias's gradient exactly zero.
                new Conv2d("conv", 2, 3, 3, 1, 1, false),
                new BatchNorm("bn", 3),
                new ReLU("relu"),
                new MaxPool2d("pool", 2, 2),
                new Flatten("flatten"),
                new Dense("fc", 3 * 3 * 3, 4, true, false)));
        initialized(net, 23);
        perturbBatchNorms(net, 24);
        Tensor x = TestTensors.gaussian(new SplittableRandom(25), 1f, 4, 2, 6, 7);
        assertGradients(net, x, GradientCheck.Options.defaults().withEps(1e-3f), 0.1);
    }
}
