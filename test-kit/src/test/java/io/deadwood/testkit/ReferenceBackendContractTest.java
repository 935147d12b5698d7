package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Runs the contract against the oracle itself (which checks the suite's own plumbing), and checks
 * the oracle on small cases worked out by hand, so that it is not merely consistent with itself.
 */
class ReferenceBackendContractTest extends BackendContract {
    private static final float EPS = 1e-5f;

    @Override
    protected ComputeBackend backend() {
        return reference;
    }

    @Override
    protected RawGemm rawGemm() {
        return reference::gemm;
    }

    private static Tensor t(float[] data, int... shape) {
        return Tensor.wrap(data, shape);
    }

    @Test
    void gemmByHand() {
        float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8};
        float[] c = new float[4];
        reference.gemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
        reference.gemm(true, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {26, 30, 38, 44}, c);
        // A B^T = [[1*5+2*6, 1*7+2*8], [3*5+4*6, 3*7+4*8]]
        reference.gemm(false, true, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {17, 23, 39, 53}, c);
        float[] ones = {1, 1, 1, 1};
        reference.gemm(false, false, 2, 2, 2, 2f, a, 0, 2, b, 0, 2, 1f, ones, 0, 2);
        assertArrayEquals(new float[] {39, 45, 87, 101}, ones);
        float[] nan = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        reference.gemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, nan, 0, 2);
        assertArrayEquals(new float[] {19, 22, 43, 50}, nan);
    }

    @Test
    void convolutionByHand() {
        Conv2dSpec s = new Conv2dSpec(1, 1, 3, 3, 1, 2, 1, 0);
        Tensor x = t(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = t(new float[] {1, 0, 0, 1}, 1, 1, 2, 2);
        Tensor y = Tensor.zeros(1, 1, 2, 2);
        reference.conv2dForward(x, w, t(new float[] {1}, 1), y, s);
        assertArrayEquals(new float[] {7, 9, 13, 15}, y.data());

        Tensor gy = t(new float[] {1, 1, 1, 1}, 1, 1, 2, 2);
        Tensor gx = Tensor.zeros(1, 1, 3, 3);
        reference.conv2dBackwardData(gy, w, gx, s);
        assertArrayEquals(new float[] {1, 1, 0, 1, 2, 1, 0, 1, 1}, gx.data());

        Tensor gw = Tensor.zeros(1, 1, 2, 2), gb = Tensor.zeros(1);
        reference.conv2dBackwardFilter(x, gy, gw, gb, s);
        assertArrayEquals(new float[] {12, 16, 24, 28}, gw.data());
        assertEquals(4f, gb.get(0));

        // padding 1 on a 1x1 image: only the kernel centre ever meets the pixel
        Conv2dSpec padded = new Conv2dSpec(1, 1, 1, 1, 1, 3, 1, 1);
        Tensor y1 = Tensor.zeros(1, 1, 1, 1);
        reference.conv2dForward(t(new float[] {2}, 1, 1, 1, 1), t(new float[] {9, 9, 9, 9, 3, 9, 9, 9, 9}, 1, 1, 3, 3), null, y1, padded);
        assertEquals(6f, y1.get(0));
    }

    @Test
    void batchNormByHand() {
        Tensor x = t(new float[] {1, 2, 3, 4}, 4, 1);
        Tensor rm = Tensor.zeros(1), rv = t(new float[] {1}, 1), y = Tensor.zeros(4, 1);
        Tensor mean = Tensor.zeros(1), inv = Tensor.zeros(1);
        reference.batchNormForward(x, t(new float[] {1}, 1), Tensor.zeros(1), rm, rv, 0.1f, 0f, true, y, mean, inv);
        // mean 2.5, biased variance 1.25, unbiased 5/3
        assertEquals(2.5f, mean.get(0), EPS);
        assertEquals((float) (1 / Math.sqrt(1.25)), inv.get(0), EPS);
        assertArrayEquals(new float[] {-1.3416408f, -0.4472136f, 0.4472136f, 1.3416408f}, y.data(), EPS);
        assertEquals(0.25f, rm.get(0), EPS);
        assertEquals(0.9f + 0.1f * 5f / 3f, rv.get(0), EPS);

        // gy equal to 1 everywhere: the mean is subtracted, so gx is 0 and gbeta is the count
        Tensor gx = Tensor.zeros(4, 1), gg = Tensor.zeros(1), gb = Tensor.zeros(1);
        reference.batchNormBackward(x, t(new float[] {1, 1, 1, 1}, 4, 1), t(new float[] {2}, 1), mean, inv, gx, gg, gb);
        assertArrayEquals(new float[] {0, 0, 0, 0}, gx.data(), EPS);
        assertEquals(0f, gg.get(0), EPS);
        assertEquals(4f, gb.get(0), EPS);
    }

    @Test
    void poolsByHand() {
        Tensor x = t(new float[] {1, 3, 3, 0, 2, 3, 1, 4}, 1, 1, 2, 4);
        Tensor y = Tensor.zeros(1, 1, 1, 2);
        int[] argmax = new int[2];
        reference.maxPool2dForward(x, y, argmax, new Pool2dSpec(1, 1, 2, 4, 2, 2));
        assertArrayEquals(new float[] {3, 4}, y.data());
        assertArrayEquals(new int[] {1, 7}, argmax, "the first of the tied 3s wins");
        Tensor gx = t(new float[] {9, 9, 9, 9, 9, 9, 9, 9}, 1, 1, 2, 4);
        reference.maxPool2dBackward(t(new float[] {5, 6}, 1, 1, 1, 2), argmax, gx);
        assertArrayEquals(new float[] {0, 5, 0, 0, 0, 0, 0, 6}, gx.data());

        Tensor avg = Tensor.zeros(1, 1);
        reference.globalAvgPoolForward(t(new float[] {1, 2, 3, 4}, 1, 1, 2, 2), avg);
        assertEquals(2.5f, avg.get(0));
        Tensor g = Tensor.zeros(1, 1, 2, 2);
        reference.globalAvgPoolBackward(t(new float[] {2}, 1, 1), g);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, g.data());
    }

    @Test
    void softmaxCrossEntropyByHand() {
        Tensor grad = Tensor.zeros(1, 2);
        assertEquals(Math.log(2), reference.softmaxCrossEntropy(t(new float[] {0, 0}, 1, 2), new int[] {0}, 0f, grad), 1e-12);
        assertArrayEquals(new float[] {-0.5f, 0.5f}, grad.data(), EPS);
        // smoothing 0.2 over 2 classes: targets 0.9 and 0.1; the loss stays log 2 for equal logits
        assertEquals(Math.log(2), reference.softmaxCrossEntropy(t(new float[] {0, 0}, 1, 2), new int[] {0}, 0.2f, grad), 1e-7);
        assertArrayEquals(new float[] {-0.4f, 0.4f}, grad.data(), EPS);
        // p = (1/4, 3/4); two rows, so the gradient is divided by 2
        Tensor g2 = Tensor.zeros(2, 2);
        float ln3 = (float) Math.log(3);
        double loss = reference.softmaxCrossEntropy(t(new float[] {0, ln3, 0, ln3}, 2, 2), new int[] {1, 0}, 0f, g2);
        assertEquals((-Math.log(0.75) - Math.log(0.25)) / 2, loss, 1e-6);
        assertArrayEquals(new float[] {0.125f, -0.125f, -0.375f, 0.375f}, g2.data(), EPS);
    }

    @Test
    void optimisersByHand() {
        Tensor p = t(new float[] {1}, 1), v = t(new float[] {0.2f}, 1);
        reference.sgdUpdate(p, t(new float[] {0.5f}, 1), v, 0.1f, 0.9f, false, 0.01f);
        // p = 1 - 0.1*0.01 = 0.999; v = 0.9*0.2 + 0.5 = 0.68; p = 0.999 - 0.068
        assertEquals(0.68f, v.get(0), EPS);
        assertEquals(0.931f, p.get(0), EPS);
        Tensor pn = t(new float[] {1}, 1), vn = t(new float[] {0.2f}, 1);
        reference.sgdUpdate(pn, t(new float[] {0.5f}, 1), vn, 0.1f, 0.9f, true, 0.01f);
        assertEquals(0.999f - 0.1f * (0.5f + 0.9f * 0.68f), pn.get(0), EPS);
        Tensor plain = t(new float[] {1}, 1);
        reference.sgdUpdate(plain, t(new float[] {0.5f}, 1), null, 0.1f, 0f, false, 0f);
        assertEquals(0.95f, plain.get(0), EPS);

        // first AdamW step: bias-corrected m/sqrt(v) is sign(g), so p moves by lr
        Tensor pa = t(new float[] {1}, 1), m = Tensor.zeros(1), va = Tensor.zeros(1);
        reference.adamwUpdate(pa, t(new float[] {0.5f}, 1), m, va, 0.1f, 0.9f, 0.999f, 0f, 0f, 1);
        assertEquals(0.05f, m.get(0), EPS);
        assertEquals(0.00025f, va.get(0), 1e-8f, "1 - 0.999f is not exactly 0.001 in float");
        assertEquals(0.9f, pa.get(0), EPS);
    }
}
