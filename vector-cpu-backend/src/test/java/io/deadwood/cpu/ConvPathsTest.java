package io.deadwood.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.testkit.ReferenceBackend;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each convolution path (shifted image, shifted filter gradient, im2col with and without the packed
 * weights) against the reference, on one, two and three threads, which must all give the same bits.
 */
class ConvPathsTest {
    static Stream<Conv2dSpec> specs() {
        return Stream.of(
                // stride 1, deep enough for the shifted forward and backward-data: padding 0, 1, 2; kernel 1, 3, 5
                new Conv2dSpec(4, 8, 14, 14, 16, 3, 1, 1),
                new Conv2dSpec(3, 5, 9, 11, 7, 3, 1, 0),
                new Conv2dSpec(2, 3, 13, 6, 13, 5, 1, 2),
                new Conv2dSpec(3, 40, 5, 7, 9, 1, 1, 0),
                new Conv2dSpec(5, 33, 3, 3, 65, 3, 1, 1),
                new Conv2dSpec(3, 6, 8, 8, 12, 5, 1, 1),
                // a row wider than a vector, a grid over several column blocks, a tall kernel window
                new Conv2dSpec(2, 4, 11, 37, 6, 3, 1, 1),
                new Conv2dSpec(2, 9, 29, 29, 5, 3, 1, 1),
                // batch smaller than the threads: output channels split within a sample
                new Conv2dSpec(1, 16, 10, 10, 20, 3, 1, 1),
                new Conv2dSpec(2, 7, 6, 9, 31, 5, 1, 2),
                // shallow: the shifted filter gradient, im2col forward (first layer of convnet, smaller)
                new Conv2dSpec(5, 1, 28, 28, 32, 3, 1, 1),
                new Conv2dSpec(3, 2, 7, 5, 9, 3, 1, 0),
                new Conv2dSpec(1, 3, 4, 4, 17, 1, 1, 0),
                // padding past K-1 (backward-data falls back to im2col), strides 2 and 3
                new Conv2dSpec(2, 12, 6, 6, 8, 1, 1, 1),
                new Conv2dSpec(3, 8, 9, 8, 10, 3, 2, 1),
                new Conv2dSpec(2, 20, 11, 11, 4, 5, 3, 2),
                new Conv2dSpec(5, 64, 4, 4, 3, 3, 2, 0));
    }

    private static Tensor random(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = 2 * r.nextFloat() - 1;
        return t;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void everyPathMatchesTheReferenceWithTheSameBitsOnAnyThreadCount(Conv2dSpec s) {
        Random r = new Random(s.hashCode());
        int n = s.batch(), c = s.inChannels(), o = s.outChannels(), k = s.kernel();
        Tensor x = random(r, n, c, s.inHeight(), s.inWidth());
        Tensor w = random(r, o, c, k, k);
        Tensor b = random(r, o);
        Tensor gy = random(r, n, o, s.outHeight(), s.outWidth());
        ReferenceBackend ref = new ReferenceBackend();
        Tensor[] expected = run(ref, s, x, w, b, gy);
        float[] tolerance = {1e-5f * c * k * k, 1e-5f * o * k * k, 1e-5f * n * s.outHeight() * s.outWidth(),
            1e-5f * n * s.outHeight() * s.outWidth()};
        Tensor[] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            try (VectorCpuBackend be = new VectorCpuBackend(threads)) {
                Tensor[] got = run(be, s, x, w, b, gy);
                Tensor[] again = run(be, s, x, w, b, gy);
                for (int i = 0; i < got.length; i++) {
                    String what = OUTPUTS[i] + " of " + s + " on " + threads + " threads";
                    assertArrayEquals(expected[i].data(), got[i].data(), Math.max(1e-5f, tolerance[i]), what);
                    assertTrue(java.util.Arrays.equals(got[i].data(), again[i].data()), what + ": repeat differs");
                    if (first != null) {
                        assertTrue(java.util.Arrays.equals(first[i].data(), got[i].data()), what + ": differs from 1 thread");
                    }
                }
                if (first == null) first = got;
            }
        }
    }

    private static final String[] OUTPUTS = {"forward", "backward-data", "backward-filter", "bias gradient"};

    private static Tensor[] run(io.deadwood.api.backend.ComputeBackend be, Conv2dSpec s, Tensor x, Tensor w, Tensor b, Tensor gy) {
        Tensor y = Tensor.zeros(s.batch(), s.outChannels(), s.outHeight(), s.outWidth());
        Tensor gx = Tensor.zeros(x.shape());
        Tensor gw = Tensor.zeros(w.shape());
        Tensor gb = Tensor.zeros(b.shape());
        be.conv2dForward(x, w, b, y, s);
        be.conv2dBackwardData(gy, w, gx, s);
        be.conv2dBackwardFilter(x, gy, gw, gb, s);
        return new Tensor[] {y, gx, gw, gb};
    }
}
