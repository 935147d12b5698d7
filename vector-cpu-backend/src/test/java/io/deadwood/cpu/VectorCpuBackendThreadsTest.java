package io.deadwood.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.testkit.ReferenceBackend;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same ops on one, two and three threads: each must be right, and GEMM (which sums every
 * element in one order whatever the split) must give the same bits on every thread count.
 */
class VectorCpuBackendThreadsTest {
    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = 2 * r.nextFloat() - 1;
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void gemmIsRightAndIndependentOfTheThreadCount(int threads) {
        Random r = new Random(5);
        int m = 130, n = 270, k = 700;
        float[] a = random(r, m * k), b = random(r, k * n);
        float[] single = new float[m * n], multi = new float[m * n], ref = new float[m * n];
        try (VectorCpuBackend one = new VectorCpuBackend(1); VectorCpuBackend many = new VectorCpuBackend(threads)) {
            one.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, single, 0, n);
            many.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, multi, 0, n);
        }
        new ReferenceBackend().gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, ref, 0, n);
        assertArrayEquals(single, multi, "bits differ between 1 and " + threads + " threads");
        assertArrayEquals(ref, multi, 1e-3f);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void convolutionIsRightOnEveryThreadCount(int threads) {
        Conv2dSpec s = new Conv2dSpec(5, 6, 11, 11, 7, 3, 1, 1);
        Random r = new Random(8);
        Tensor x = Tensor.wrap(random(r, 5 * 6 * 11 * 11), 5, 6, 11, 11);
        Tensor w = Tensor.wrap(random(r, 7 * 6 * 9), 7, 6, 3, 3);
        Tensor gy = Tensor.wrap(random(r, 5 * 7 * 11 * 11), 5, 7, 11, 11);
        ReferenceBackend ref = new ReferenceBackend();
        Tensor ye = Tensor.zeros(5, 7, 11, 11), gxe = Tensor.zeros(5, 6, 11, 11), gwe = Tensor.zeros(7, 6, 3, 3);
        ref.conv2dForward(x, w, null, ye, s);
        ref.conv2dBackwardData(gy, w, gxe, s);
        ref.conv2dBackwardFilter(x, gy, gwe, null, s);
        try (VectorCpuBackend be = new VectorCpuBackend(threads)) {
            Tensor y = Tensor.zeros(5, 7, 11, 11), gx = Tensor.zeros(5, 6, 11, 11), gw = Tensor.zeros(7, 6, 3, 3);
            be.conv2dForward(x, w, null, y, s);
            be.conv2dBackwardData(gy, w, gx, s);
            be.conv2dBackwardFilter(x, gy, gw, null, s);
            assertArrayEquals(ye.data(), y.data(), 1e-4f);
            assertArrayEquals(gxe.data(), gx.data(), 1e-4f);
            assertArrayEquals(gwe.data(), gw.data(), 1e-3f);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void rejectsMisshapenArguments(int threads) {
        try (VectorCpuBackend be = new VectorCpuBackend(threads)) {
            float[] small = new float[3];
            assertThrows(IllegalArgumentException.class,
                    () -> be.gemm(false, false, 2, 2, 2, 1f, small, 0, 2, small, 0, 2, 0f, small, 0, 2));
            assertThrows(IllegalArgumentException.class,
                    () -> be.gemm(false, false, 2, 2, 2, 1f, new float[4], 0, 1, new float[4], 0, 2, 0f, new float[4], 0, 2));
        }
    }
}
