package io.deadwood.testkit;

import static io.deadwood.testkit.Approx.abs;
import static io.deadwood.testkit.Approx.assertBitEqual;
import static io.deadwood.testkit.Approx.assertClose;
import static io.deadwood.testkit.Approx.assertWithin;
import static io.deadwood.testkit.Approx.maxAbs;
import static io.deadwood.testkit.Approx.sumBound;
import static io.deadwood.testkit.Approx.tensor;
import static io.deadwood.testkit.Approx.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.deadwood.api.backend.BatchScore;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.backend.Pool2dSpec;
import io.deadwood.api.backend.SmoothActivation;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link ComputeBackend} meets: each op gives what {@link ReferenceBackend}
 * gives, within float rounding bounds scaled to the size of the sum, at awkward sizes that reach
 * every vector tail and blocking edge; and calling an op twice gives bit-identical results.
 * A backend's test extends this class and supplies the backend (open it once per class).
 */
public abstract class BackendContract extends MethodOpsContract {
    /** Sizes that hit vector bodies, tails and block edges (after Lucene's vector tests). */
    protected static final int[] AWKWARD = {1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 257, 1023};
    private static final int[] SMALL = {1, 3, 7, 8, 9, 15, 16, 17, 31, 33};
    /** Elementwise sizes: the awkward ones and one big enough to be split between threads. */
    private static final int[] ELEMENTWISE = IntStream.concat(Arrays.stream(AWKWARD), IntStream.of(100_003)).toArray();
    /** (alpha, beta) pairs; beta 0 runs with C full of NaN, which must not leak through. */
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {0.75f, 1f}, {-2f, -0.5f}, {1.5f, 0f}, {1f, 0.25f}};

    /** The backend's raw-array GEMM, when it has one: the GEMM checks run only then. */
    protected RawGemm rawGemm() {
        return null;
    }

    // ---------------------------------------------------------------- GEMM

    /** Runs one GEMM on both backends over padded, offset storage and compares all of C. */
    private void checkGemm(Random r, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int pad) {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        int aOff = pad == 0 ? 0 : 3, bOff = pad == 0 ? 0 : 5, cOff = pad == 0 ? 0 : 2;
        float[] a = uniform(r, aOff + Math.max(0, aRows * lda));
        float[] b = uniform(r, bOff + Math.max(0, bRows * ldb));
        float[] c = beta == 0f ? nan(cOff + m * ldc + pad) : uniform(r, cOff + m * ldc + pad);
        float[] expected = c.clone(), actual = c.clone();
        RawGemm gemm = rawGemm();
        Assumptions.assumeTrue(gemm != null, "the backend has no raw-array GEMM of its own");
        reference.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
        gemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
        // magnitude |alpha| |A||B| + |beta C| bounds the rounding; slots outside C must stay as they were
        float[] mag = beta == 0f ? new float[c.length] : abs(c);
        if (beta != 0f) for (int i = 0; i < mag.length; i++) mag[i] *= Math.abs(beta);
        reference.gemm(ta, tb, m, n, k, Math.abs(alpha), abs(a), aOff, lda, abs(b), bOff, ldb,
                beta == 0f ? 0f : 1f, mag, cOff, ldc);
        double[] bound = sumBound(mag, k);
        for (int i = 0; i < c.length; i++) {
            int row = (i - cOff) / ldc, col = (i - cOff) % ldc;
            if (i < cOff || row >= m || col >= n) bound[i] = 0;
        }
        assertWithin(String.format("gemm%s%s m=%d n=%d k=%d alpha=%s beta=%s pad=%d", ta ? "T" : "N", tb ? "T" : "N",
                m, n, k, alpha, beta, pad), expected, actual, bound);
    }

    private static float[] nan(int n) {
        float[] c = new float[n];
        Arrays.fill(c, Float.NaN);
        return c;
    }

    @TestFactory
    Stream<DynamicTest> gemmSmallSizesAllTransposes() {
        return transposes().map(t -> dynamicTest("gemm " + (t[0] ? "T" : "N") + (t[1] ? "T" : "N") + " small sizes", () -> {
            Random r = new Random(11);
            int variant = 0;
            for (int m : SMALL) for (int n : SMALL) for (int k : new int[] {1, 3, 8, 17, 33}) {
                float[] ab = ALPHA_BETA[variant++ % ALPHA_BETA.length];
                checkGemm(r, t[0], t[1], m, n, k, ab[0], ab[1], variant % 3 == 0 ? 3 : 0);
            }
        }));
    }

    /** Larger shapes: several k blocks, many row and column panels, and a 1023-long dimension. */
    static Stream<Arguments> largeGemmShapes() {
        int[][] shapes = {{257, 257, 33}, {1023, 17, 9}, {9, 1023, 31}, {17, 9, 1023}, {65, 130, 600},
                          {257, 33, 257}, {7, 2100, 9}, {100, 64, 1030}, {48, 64, 512}};
        List<Arguments> args = new ArrayList<>();
        transposes().forEach(t -> {
            for (int[] s : shapes) args.add(Arguments.of(t[0], t[1], s[0], s[1], s[2]));
        });
        return args.stream();
    }

    @ParameterizedTest(name = "gemm transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("largeGemmShapes")
    void gemmLargeShapes(boolean ta, boolean tb, int m, int n, int k) {
        Random r = new Random(m * 31L + n * 7L + k);
        checkGemm(r, ta, tb, m, n, k, 1f, 0f, 0);
        checkGemm(r, ta, tb, m, n, k, -0.5f, 0.75f, 5);
    }

    @Test
    void gemmWithNoInnerDimensionOrZeroAlphaOnlyScalesC() {
        Random r = new Random(3);
        checkGemm(r, false, false, 9, 17, 0, 1f, 0.5f, 2);
        checkGemm(r, true, true, 9, 17, 0, 1f, 0f, 0);
        checkGemm(r, false, true, 33, 7, 8, 0f, 2f, 1);
    }

    private static Stream<boolean[]> transposes() {
        return Stream.of(new boolean[] {false, false}, new boolean[] {false, true},
                new boolean[] {true, false}, new boolean[] {true, true});
    }

    // ---------------------------------------------------------------- dense

    @ParameterizedTest(name = "dense n={0} in={1} out={2}")
    @MethodSource("denseShapes")
    void denseForwardAndBackward(int n, int in, int out) {
        Random r = new Random(n * 1000L + in * 10L + out);
        Tensor x = tensor(r, n, in), w = tensor(r, out, in), bias = tensor(r, out), gy = tensor(r, n, out);
        for (Tensor b : new Tensor[] {bias, null}) {
            Tensor ye = Tensor.zeros(n, out), ya = Tensor.zeros(n, out), mag = Tensor.zeros(n, out);
            reference.denseForward(x, w, b, ye);
            backend().denseForward(x, w, b, ya);
            reference.denseForward(abs(x), abs(w), b == null ? null : abs(b), mag);
            assertWithin("dense forward", ye.data(), ya.data(), sumBound(mag.data(), in + 1));
        }
        Tensor gxe = Tensor.zeros(n, in), gxa = Tensor.zeros(n, in), gwe = Tensor.zeros(out, in), gwa = Tensor.zeros(out, in);
        Tensor gbe = Tensor.zeros(out), gba = Tensor.zeros(out);
        Tensor gxm = Tensor.zeros(n, in), gwm = Tensor.zeros(out, in), gbm = Tensor.zeros(out);
        reference.denseBackward(x, w, gy, gxe, gwe, gbe);
        backend().denseBackward(x, w, gy, gxa, gwa, gba);
        reference.denseBackward(abs(x), abs(w), abs(gy), gxm, gwm, gbm);
        assertWithin("dense gx", gxe.data(), gxa.data(), sumBound(gxm.data(), out));
        assertWithin("dense gw", gwe.data(), gwa.data(), sumBound(gwm.data(), n));
        assertWithin("dense gbias", gbe.data(), gba.data(), sumBound(gbm.data(), n));
        Tensor gwOnly = Tensor.zeros(out, in);
        backend().denseBackward(x, w, gy, null, gwOnly, null);
        assertWithin("dense gw without gx", gwe.data(), gwOnly.data(), sumBound(gwm.data(), n));
    }

    static Stream<Arguments> denseShapes() {
        return Stream.of(Arguments.of(1, 1, 1), Arguments.of(3, 7, 9), Arguments.of(17, 33, 15),
                Arguments.of(128, 784, 33), Arguments.of(257, 31, 17), Arguments.of(16, 1023, 10));
    }

    // ---------------------------------------------------------------- convolution

    static Stream<Conv2dSpec> convSpecs() {
        return Stream.of(
                new Conv2dSpec(1, 1, 1, 1, 1, 1, 1, 0),
                new Conv2dSpec(2, 3, 7, 7, 4, 3, 1, 1),
                new Conv2dSpec(3, 3, 9, 8, 5, 3, 2, 1),
                new Conv2dSpec(2, 17, 15, 15, 8, 5, 1, 2),
                new Conv2dSpec(3, 1, 16, 17, 17, 1, 2, 0),
                new Conv2dSpec(2, 3, 8, 8, 3, 5, 2, 2),
                new Conv2dSpec(2, 17, 9, 9, 16, 3, 1, 0),
                new Conv2dSpec(4, 8, 14, 14, 16, 3, 1, 1),
                new Conv2dSpec(1, 3, 33, 31, 7, 3, 2, 1),
                new Conv2dSpec(5, 2, 5, 5, 3, 5, 1, 0),
                new Conv2dSpec(3, 16, 7, 7, 9, 1, 1, 0),
                new Conv2dSpec(1, 1, 3, 3, 2, 3, 1, 2),
                new Conv2dSpec(2, 3, 2, 7, 2, 3, 1, 1),
                // "same" padding wider than the image: whole rows and columns fall in the padding
                new Conv2dSpec(2, 2, 1, 1, 3, 3, 1, 1),
                new Conv2dSpec(3, 2, 2, 2, 3, 5, 1, 2),
                // C*K*K and O above the GEMM's 512-deep k blocks
                new Conv2dSpec(2, 64, 6, 6, 5, 3, 1, 1),
                new Conv2dSpec(2, 3, 5, 5, 520, 1, 1, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convSpecs")
    void convForward(Conv2dSpec s) {
        Random r = new Random(s.hashCode());
        Tensor x = tensor(r, s.batch(), s.inChannels(), s.inHeight(), s.inWidth());
        Tensor w = tensor(r, s.outChannels(), s.inChannels(), s.kernel(), s.kernel());
        Tensor bias = tensor(r, s.outChannels());
        int terms = s.inChannels() * s.kernel() * s.kernel() + 1;
        for (Tensor b : new Tensor[] {bias, null}) {
            Tensor ye = outputOf(s), ya = outputOf(s), mag = outputOf(s);
            ya.fill(Float.NaN);
            reference.conv2dForward(x, w, b, ye, s);
            backend().conv2dForward(x, w, b, ya, s);
            reference.conv2dForward(abs(x), abs(w), b == null ? null : abs(b), mag, s);
            assertWithin("conv forward " + s + (b == null ? " without bias" : ""), ye.data(), ya.data(), sumBound(mag.data(), terms));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convSpecs")
    void convBackwardData(Conv2dSpec s) {
        Random r = new Random(s.hashCode() + 1);
        Tensor gy = tensor(r, s.batch(), s.outChannels(), s.outHeight(), s.outWidth());
        Tensor w = tensor(r, s.outChannels(), s.inChannels(), s.kernel(), s.kernel());
        Tensor gxe = inputOf(s), gxa = inputOf(s), mag = inputOf(s);
        gxa.fill(Float.NaN);
        reference.conv2dBackwardData(gy, w, gxe, s);
        backend().conv2dBackwardData(gy, w, gxa, s);
        reference.conv2dBackwardData(abs(gy), abs(w), mag, s);
        assertWithin("conv backward data " + s, gxe.data(), gxa.data(),
                sumBound(mag.data(), (long) s.outChannels() * s.kernel() * s.kernel()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convSpecs")
    void convBackwardFilter(Conv2dSpec s) {
        Random r = new Random(s.hashCode() + 2);
        Tensor x = tensor(r, s.batch(), s.inChannels(), s.inHeight(), s.inWidth());
        Tensor gy = tensor(r, s.batch(), s.outChannels(), s.outHeight(), s.outWidth());
        int[] wShape = {s.outChannels(), s.inChannels(), s.kernel(), s.kernel()};
        Tensor gwe = Tensor.zeros(wShape), gwa = Tensor.zeros(wShape), gwm = Tensor.zeros(wShape);
        Tensor gbe = Tensor.zeros(s.outChannels()), gba = Tensor.zeros(s.outChannels()), gbm = Tensor.zeros(s.outChannels());
        gwa.fill(Float.NaN);
        gba.fill(Float.NaN);
        reference.conv2dBackwardFilter(x, gy, gwe, gbe, s);
        backend().conv2dBackwardFilter(x, gy, gwa, gba, s);
        reference.conv2dBackwardFilter(abs(x), abs(gy), gwm, gbm, s);
        long terms = (long) s.batch() * s.outHeight() * s.outWidth();
        assertWithin("conv backward filter " + s, gwe.data(), gwa.data(), sumBound(gwm.data(), terms));
        assertWithin("conv backward bias " + s, gbe.data(), gba.data(), sumBound(gbm.data(), terms));
        Tensor gwOnly = Tensor.zeros(wShape);
        backend().conv2dBackwardFilter(x, gy, gwOnly, null, s);
        assertWithin("conv backward filter without bias " + s, gwe.data(), gwOnly.data(), sumBound(gwm.data(), terms));
    }

    private static Tensor inputOf(Conv2dSpec s) {
        return Tensor.zeros(s.batch(), s.inChannels(), s.inHeight(), s.inWidth());
    }

    private static Tensor outputOf(Conv2dSpec s) {
        return Tensor.zeros(s.batch(), s.outChannels(), s.outHeight(), s.outWidth());
    }

    // ---------------------------------------------------------------- batch norm

    static Stream<int[]> batchNormShapes() {
        return Stream.of(new int[] {2, 3, 4, 5}, new int[] {4, 1, 7, 9}, new int[] {3, 16, 15, 17},
                new int[] {32, 24, 8, 8}, new int[] {8, 17, 1, 1}, new int[] {16, 33}, new int[] {1, 7},
                new int[] {128, 300}, new int[] {1, 3, 1, 1}, new int[] {5, 2, 33, 31});
    }

    @ParameterizedTest(name = "shape {0}")
    @MethodSource("batchNormShapes")
    void batchNormTrainingForwardAndBackward(int[] shape) {
        Random r = new Random(Arrays.hashCode(shape));
        int c = shape[1];
        Tensor x = tensor(r, shape);
        // an offset mean checks that the variance is not computed as E[x^2] - E[x]^2
        for (int i = 0; i < x.size(); i++) x.data()[i] = 5f + 0.5f * x.data()[i];
        Tensor gamma = tensor(r, c), beta = tensor(r, c), gy = tensor(r, shape);
        Tensor rme = tensor(r, c), rve = Tensor.wrap(uniform(r, c, 0.5f, 2f), c);
        Tensor rma = rme.copy(), rva = rve.copy();
        Tensor ye = Tensor.zeros(shape), ya = Tensor.zeros(shape);
        Tensor sme = Tensor.zeros(c), sie = Tensor.zeros(c), sma = Tensor.zeros(c), sia = Tensor.zeros(c);
        reference.batchNormForward(x, gamma, beta, rme, rve, 0.1f, 1e-5f, true, ye, sme, sie);
        backend().batchNormForward(x, gamma, beta, rma, rva, 0.1f, 1e-5f, true, ya, sma, sia);
        assertClose("bn saved mean", sme.data(), sma.data(), 1e-6, 1e-6);
        assertClose("bn saved inverse std", sie.data(), sia.data(), 1e-4, 1e-6);
        assertClose("bn running mean", rme.data(), rma.data(), 1e-6, 1e-6);
        assertClose("bn running var", rve.data(), rva.data(), 1e-4, 1e-6);
        assertClose("bn y", ye.data(), ya.data(), 1e-4, 1e-5 * Math.max(1, maxAbs(ye.data())));

        Tensor gxe = Tensor.zeros(shape), gxa = Tensor.zeros(shape);
        Tensor gge = Tensor.zeros(c), gga = Tensor.zeros(c), gbe = Tensor.zeros(c), gba = Tensor.zeros(c);
        reference.batchNormBackward(x, gy, gamma, sme, sie, gxe, gge, gbe);
        backend().batchNormBackward(x, gy, gamma, sme, sie, gxa, gga, gba);
        long count = x.size() / c;
        assertClose("bn ggamma", gge.data(), gga.data(), 1e-4, 1e-6 * count);
        assertClose("bn gbeta", gbe.data(), gba.data(), 1e-4, 1e-6 * count);
        assertClose("bn gx", gxe.data(), gxa.data(), 1e-3, 1e-4 * Math.max(1, maxAbs(gxe.data())));
    }

    @ParameterizedTest(name = "shape {0}")
    @MethodSource("batchNormShapes")
    void batchNormEvalUsesRunningStatsAndLeavesSavedStatsAlone(int[] shape) {
        Random r = new Random(Arrays.hashCode(shape) + 1);
        int c = shape[1];
        Tensor x = tensor(r, shape), gamma = tensor(r, c), beta = tensor(r, c);
        Tensor rm = tensor(r, c), rv = Tensor.wrap(uniform(r, c, 0.5f, 2f), c);
        Tensor ye = Tensor.zeros(shape), ya = Tensor.zeros(shape);
        Tensor saveMean = Tensor.zeros(c), saveInv = Tensor.zeros(c);
        saveMean.fill(42f);
        saveInv.fill(-7f);
        Tensor rma = rm.copy(), rva = rv.copy();
        reference.batchNormForward(x, gamma, beta, rm, rv, 0.1f, 1e-5f, false, ye, null, null);
        backend().batchNormForward(x, gamma, beta, rma, rva, 0.1f, 1e-5f, false, ya, saveMean, saveInv);
        assertClose("bn eval y", ye.data(), ya.data(), 1e-5, 1e-5);
        assertArrayEquals(rm.data(), rma.data(), "eval must not update running mean");
        assertArrayEquals(rv.data(), rva.data(), "eval must not update running var");
        assertEquals(42f, saveMean.get(0));
        assertEquals(-7f, saveInv.get(0));
    }

    // ---------------------------------------------------------------- activations and pools

    @ParameterizedTest(name = "size {0}")
    @MethodSource("elementwiseSizes")
    void countZerosCountsExactZerosOfAnySign(int size) {
        Random r = new Random(size + 1);
        Tensor x = tensor(r, size);
        for (int i = 0; i < size; i += 3) x.set(i, (i % 2 == 0) ? 0f : -0f);
        Tensor y = Tensor.zeros(size);
        backend().reluForward(x, y);
        assertEquals(reference.countZeros(x), backend().countZeros(x), "zeros in x");
        assertEquals(reference.countZeros(y), backend().countZeros(y), "zeros after relu");
    }

    @ParameterizedTest(name = "channels {0}")
    @MethodSource("channelCounts")
    void channelSelectionAndMaskMatchTheReference(int channels) {
        Random r = new Random(channels * 7L);
        int n = 3, sp = 5;
        Tensor x = tensor(r, n, channels, sp, 1);
        int outChannels = channels + 2;
        int[] select = new int[outChannels];
        for (int j = 0; j < outChannels; j++) select[j] = r.nextInt(channels + 1) - 1;
        Tensor ye = Tensor.zeros(n, outChannels, sp, 1), ya = Tensor.zeros(n, outChannels, sp, 1);
        reference.selectChannels(x, select, ye);
        backend().selectChannels(x, select, ya);
        assertArrayEquals(ye.data(), ya.data(), "select");
        Tensor ge = Tensor.zeros(x.shape()), ga = Tensor.zeros(x.shape());
        reference.selectChannelsBackward(ye, select, ge);
        backend().selectChannelsBackward(ye, select, ga);
        assertClose("select backward", ge.data(), ga.data(), 1e-6, 1e-6);
        boolean[] keep = new boolean[channels];
        for (int c = 0; c < channels; c++) keep[c] = r.nextBoolean();
        Tensor me = x.copy(), ma = x.copy();
        reference.maskChannels(me, keep);
        backend().maskChannels(ma, keep);
        assertArrayEquals(me.data(), ma.data(), "mask");
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("elementwiseSizes")
    void reluAddAccumulate(int size) {
        Random r = new Random(size);
        Tensor x = tensor(r, size), gy = tensor(r, size), b = tensor(r, size);
        Tensor ye = Tensor.zeros(size), ya = Tensor.zeros(size);
        reference.reluForward(x, ye);
        backend().reluForward(x, ya);
        assertArrayEquals(ye.data(), ya.data(), "relu");
        Tensor gxe = Tensor.zeros(size), gxa = Tensor.zeros(size);
        reference.reluBackward(ye, gy, gxe);
        backend().reluBackward(ya, gy, gxa);
        assertArrayEquals(gxe.data(), gxa.data(), "relu backward");
        Tensor inPlace = x.copy();
        backend().reluForward(inPlace, inPlace);
        assertArrayEquals(ye.data(), inPlace.data(), "relu in place");
        Tensor gInPlace = gy.copy();
        backend().reluBackward(ya, gInPlace, gInPlace);
        assertArrayEquals(gxe.data(), gInPlace.data(), "relu backward in place");

        Tensor se = Tensor.zeros(size), sa = Tensor.zeros(size);
        reference.add(x, b, se);
        backend().add(x, b, sa);
        assertArrayEquals(se.data(), sa.data(), "add");
        Tensor alias = x.copy();
        backend().add(alias, b, alias);
        assertArrayEquals(se.data(), alias.data(), "add into its first operand");
        Tensor acc = b.copy();
        backend().accumulate(acc, x);
        Tensor acce = b.copy();
        reference.accumulate(acce, x);
        assertArrayEquals(acce.data(), acc.data(), "accumulate");
    }

    static IntStream channelCounts() {
        return Arrays.stream(SMALL);
    }

    static IntStream elementwiseSizes() {
        return Arrays.stream(ELEMENTWISE);
    }

    static Stream<Pool2dSpec> poolSpecs() {
        return Stream.of(new Pool2dSpec(1, 1, 1, 1, 1, 1), new Pool2dSpec(2, 3, 7, 7, 2, 2),
                new Pool2dSpec(2, 3, 8, 9, 3, 2), new Pool2dSpec(1, 17, 15, 15, 3, 3),
                new Pool2dSpec(3, 4, 16, 17, 2, 1), new Pool2dSpec(128, 32, 28, 28, 2, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolSpecs")
    void maxPoolPicksTheFirstMaximum(Pool2dSpec s) {
        Random r = new Random(s.hashCode());
        Tensor x = Tensor.zeros(s.batch(), s.channels(), s.inHeight(), s.inWidth());
        // four distinct values only, so most windows hold ties
        for (int i = 0; i < x.size(); i++) x.data()[i] = r.nextInt(4) - 1.5f;
        int outSize = s.batch() * s.channels() * s.outHeight() * s.outWidth();
        Tensor ye = Tensor.zeros(s.batch(), s.channels(), s.outHeight(), s.outWidth()), ya = ye.copy();
        int[] ae = new int[outSize], aa = new int[outSize];
        reference.maxPool2dForward(x, ye, ae, s);
        backend().maxPool2dForward(x, ya, aa, s);
        assertArrayEquals(ye.data(), ya.data(), "max pool y");
        // argmax belongs to the backend (a device backend keeps it on the device): which maximum it
        // chose shows in where the backward pass routes each gradient, on the ties above
        Tensor gy = tensor(r, s.batch(), s.channels(), s.outHeight(), s.outWidth());
        Tensor gxe = tensor(r, x.shape()), gxa = tensor(r, x.shape());
        reference.maxPool2dBackward(gy, ae, gxe);
        backend().maxPool2dBackward(gy, aa, gxa);
        assertClose("max pool backward", gxe.data(), gxa.data(), 1e-6, 1e-7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolSpecs")
    void maxPoolTakesANaNOnlyWhenFirstAndKeepsTheFirstOfEqualZeros(Pool2dSpec s) {
        Random r = new Random(s.hashCode() + 1);
        Tensor x = Tensor.zeros(s.batch(), s.channels(), s.inHeight(), s.inWidth());
        float[] values = {Float.NaN, 0f, -0f, 1f, -1f};
        for (int i = 0; i < x.size(); i++) x.data()[i] = values[r.nextInt(values.length)];
        int outSize = s.batch() * s.channels() * s.outHeight() * s.outWidth();
        Tensor ye = Tensor.zeros(s.batch(), s.channels(), s.outHeight(), s.outWidth()), ya = ye.copy();
        int[] ae = new int[outSize], aa = new int[outSize];
        reference.maxPool2dForward(x, ye, ae, s);
        backend().maxPool2dForward(x, ya, aa, s);
        for (int i = 0; i < outSize; i++) {
            assertEquals(Float.floatToRawIntBits(ye.data()[i]), Float.floatToRawIntBits(ya.data()[i]),
                    "output " + i + ": " + ye.data()[i] + " against " + ya.data()[i]);
        }
    }

    @ParameterizedTest(name = "shape {0}")
    @MethodSource("globalPoolShapes")
    void globalAvgPool(int[] shape) {
        Random r = new Random(Arrays.hashCode(shape));
        Tensor x = tensor(r, shape), gy = tensor(r, shape[0], shape[1]);
        Tensor ye = Tensor.zeros(shape[0], shape[1]), ya = ye.copy();
        reference.globalAvgPoolForward(x, ye);
        backend().globalAvgPoolForward(x, ya);
        assertClose("global avg pool", ye.data(), ya.data(), 1e-5, 1e-6);
        Tensor gxe = Tensor.zeros(shape), gxa = Tensor.zeros(shape);
        reference.globalAvgPoolBackward(gy, gxe);
        backend().globalAvgPoolBackward(gy, gxa);
        assertClose("global avg pool backward", gxe.data(), gxa.data(), 1e-6, 0);
    }

    static Stream<int[]> globalPoolShapes() {
        return Stream.of(new int[] {2, 3, 1, 1}, new int[] {2, 3, 7, 7}, new int[] {4, 17, 15, 15},
                new int[] {128, 64, 3, 3}, new int[] {1, 1, 33, 31});
    }

    // ---------------------------------------------------------------- loss and optimisers

    /** Inputs where a naive exp overflows or a naive log1p(exp) loses everything, mixed among ordinary ones. */
    private static final float[] EXTREMES = {0f, -0f, 88.8f, -88.8f, 103f, -103f, 710f, -710f, 1e4f, -1e4f, 1e30f, -1e30f,
            Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, -1e-30f, Float.MIN_VALUE};

    @ParameterizedTest(name = "size {0}")
    @MethodSource("elementwiseSizes")
    void smoothActivationsMatchTheReferenceEvenAtHugeInputs(int size) {
        Random r = new Random(size + 17);
        Tensor x = tensor(r, size), gy = tensor(r, size);
        for (int i = 0; i < size; i++) {
            x.data()[i] *= 12f;
            if (i % 5 == 0) x.data()[i] = EXTREMES[(i / 5) % EXTREMES.length];
        }
        for (SmoothActivation kind : SmoothActivation.values()) {
            Tensor ye = Tensor.zeros(size), ya = Tensor.zeros(size);
            reference.smoothForward(kind, x, ye);
            backend().smoothForward(kind, x, ya);
            assertFinite(kind + " forward", ya.data());
            // The reference is double rounded once, so a backend may differ by its own rounding and no more.
            assertClose(kind + " forward", ye.data(), ya.data(), 4e-7, 1e-30);
            Tensor gxe = Tensor.zeros(size), gxa = Tensor.zeros(size);
            reference.smoothBackward(kind, ye, gy, gxe);
            backend().smoothBackward(kind, ya, gy, gxa);
            assertFinite(kind + " backward", gxa.data());
            assertClose(kind + " backward", gxe.data(), gxa.data(), 1e-6, 1e-7);
            Tensor inPlace = x.copy();
            backend().smoothForward(kind, inPlace, inPlace);
            assertBitEqual(kind + " forward in place", ya.data(), inPlace.data());
            Tensor gInPlace = gy.copy();
            backend().smoothBackward(kind, ya, gInPlace, gInPlace);
            assertBitEqual(kind + " backward in place", gxa.data(), gInPlace.data());
        }
    }

    /** The backward's slope is the derivative of the backend's own forward, by central differences. */
    @Test
    void smoothActivationGradientsMatchFiniteDifferences() {
        Random r = new Random(99);
        int size = 4001;
        float h = 1e-2f;
        Tensor x = Tensor.zeros(size);
        for (int i = 0; i < size; i++) x.data()[i] = -8f + 16f * i / (size - 1) + (r.nextFloat() - 0.5f) * 1e-3f;
        Tensor plus = x.copy(), minus = x.copy();
        for (int i = 0; i < size; i++) {
            plus.data()[i] += h;
            minus.data()[i] -= h;
        }
        Tensor ones = Tensor.zeros(size);
        Arrays.fill(ones.data(), 1f);
        for (SmoothActivation kind : SmoothActivation.values()) {
            Tensor y = Tensor.zeros(size), yp = Tensor.zeros(size), ym = Tensor.zeros(size), g = Tensor.zeros(size);
            backend().smoothForward(kind, x, y);
            backend().smoothForward(kind, plus, yp);
            backend().smoothForward(kind, minus, ym);
            backend().smoothBackward(kind, y, ones, g);
            float[] numeric = new float[size];
            for (int i = 0; i < size; i++) {
                numeric[i] = (float) (((double) yp.data()[i] - ym.data()[i]) / ((double) plus.data()[i] - minus.data()[i]));
            }
            // Truncation h^2 |f'''| / 6 stays under 2e-5 for all three; the float forward's rounding adds about 1e-5 / h.
            assertClose(kind + " slope against central differences", numeric, g.data(), 1e-3, 2e-4);
        }
    }

    @ParameterizedTest(name = "n={0} k={1}")
    @MethodSource("lossShapes")
    void meanSquaredError(int n, int k) {
        Random r = new Random(n * 31L + k);
        Tensor y = tensor(r, n, k);
        for (int i = 0; i < y.size(); i++) y.data()[i] *= 20f;
        // A loader's target buffer may be longer than the batch: only the first n*k entries count.
        float[] targets = Approx.uniform(r, n * k + 5, -10f, 10f);
        Tensor ge = Tensor.zeros(n, k), ga = Tensor.zeros(n, k);
        double le = reference.meanSquaredError(y, targets, ge);
        double la = backend().meanSquaredError(y, targets, ga);
        assertEquals(le, la, 1e-12 * Math.max(1, Math.abs(le)), "loss");
        assertClose("loss gradient", ge.data(), ga.data(), 1e-6, 1e-9);
        assertEquals(la, backend().meanSquaredError(y, targets, null), 0.0, "loss without gradient");
        double exact = 0;
        for (int i = 0; i < n * k; i++) exact += Math.pow((double) y.data()[i] - targets[i], 2);
        assertEquals(exact / (n * k), la, 1e-12 * Math.max(1, exact / (n * k)), "the plain mean of squared errors");
        for (int i : new int[] {0, y.size() / 2, y.size() - 1}) {
            Tensor p = y.copy(), m = y.copy();
            float h = 1e-1f;
            p.data()[i] += h;
            m.data()[i] -= h;
            double numeric = (backend().meanSquaredError(p, targets, null) - backend().meanSquaredError(m, targets, null))
                    / ((double) p.data()[i] - m.data()[i]);
            assertEquals(numeric, ga.data()[i], 1e-4 * Math.max(1, Math.abs(numeric)) + 1e-5, "dL/dy at " + i);
        }
    }

    private static void assertFinite(String what, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) org.junit.jupiter.api.Assertions.fail(what + ": element " + i + " is " + values[i]);
        }
    }

    @ParameterizedTest(name = "n={0} k={1}")
    @MethodSource("lossShapes")
    void softmaxCrossEntropy(int n, int k) {
        Random r = new Random(n * 100L + k);
        Tensor logits = tensor(r, n, k);
        for (int i = 0; i < logits.size(); i++) logits.data()[i] *= 30f;
        int[] labels = r.ints(n, 0, k).toArray();
        for (float smoothing : new float[] {0f, 0.1f, 0.3f}) {
            Tensor ge = Tensor.zeros(n, k), ga = Tensor.zeros(n, k);
            double le = reference.softmaxCrossEntropy(logits, labels, smoothing, ge);
            double la = backend().softmaxCrossEntropy(logits, labels, smoothing, ga);
            assertEquals(le, la, 1e-6 * Math.max(1, Math.abs(le)), "loss with smoothing " + smoothing);
            assertClose("loss gradient with smoothing " + smoothing, ge.data(), ga.data(), 1e-4, 1e-6 / n);
            assertEquals(le, backend().softmaxCrossEntropy(logits, labels, smoothing, null),
                    1e-6 * Math.max(1, Math.abs(le)), "loss without gradient");
        }
    }

    @ParameterizedTest(name = "n={0} k={1}")
    @MethodSource("lossShapes")
    void scoreBatchGivesTheLossAndTheFirstMaximumHits(int n, int k) {
        Random r = new Random(n * 31L + k);
        Tensor logits = Tensor.zeros(n, k);
        // small integers make ties, where the first maximum must win
        for (int i = 0; i < logits.size(); i++) logits.data()[i] = r.nextInt(4);
        int[] labels = r.ints(n, 0, k).toArray();
        int expectedHits = BatchScore.hits(logits.copy(), labels, n);
        Tensor ge = Tensor.zeros(n, k), ga = Tensor.zeros(n, k);
        double le = backend().softmaxCrossEntropy(logits, labels, 0.1f, ge);
        for (boolean bracketed : new boolean[] {false, true}) {
            if (bracketed) backend().beginStep();
            BatchScore score = backend().scoreBatch(logits, labels, 0.1f, ga);
            if (bracketed) backend().endStep();
            assertEquals(le, score.loss(), 0.0, "loss, in a step: " + bracketed);
            assertEquals(expectedHits, score.hits(), "hits, in a step: " + bracketed);
            assertArrayEquals(ge.data(), ga.data(), "gradient, in a step: " + bracketed);
        }
    }

    /** A dense net's training step as the trainer makes it, optionally reading the logits in the middle. */
    private double[] denseSteps(Random r, Tensor w, Tensor b, boolean bracketed, boolean readInside) {
        int n = 24, in = w.dim(1), out = w.dim(0);
        Tensor x = Tensor.zeros(n, in), y = Tensor.zeros(n, out), h = Tensor.zeros(n, out), g = Tensor.zeros(n, out);
        Tensor gh = Tensor.zeros(n, out), gw = Tensor.zeros(out, in), gb = Tensor.zeros(out);
        Tensor vw = Tensor.zeros(out, in), vb = Tensor.zeros(out);
        int[] labels = new int[n];
        double[] losses = new double[8];
        for (int step = 0; step < losses.length; step++) {
            for (int i = 0; i < x.size(); i++) x.data()[i] = (float) r.nextGaussian();
            for (int i = 0; i < n; i++) labels[i] = r.nextInt(out);
            if (bracketed) backend().beginStep();
            backend().denseForward(x, w, b, h);
            backend().reluForward(h, y);
            if (readInside) assertTrue(Float.isFinite(y.data()[0]), "a host read inside the step sees the forward");
            BatchScore score = backend().scoreBatch(y, labels, 0f, g);
            backend().reluBackward(y, g, gh);
            backend().denseBackward(x, w, gh, null, gw, gb);
            backend().sgdUpdate(w, gw, vw, 0.1f, 0.9f, false, 0f);
            backend().sgdUpdate(b, gb, vb, 0.1f, 0.9f, false, 0f);
            if (bracketed) backend().endStep();
            losses[step] = score.loss() + score.hits();
        }
        return losses;
    }

    @Test
    void aStepBracketChangesNoResultEvenWithAHostReadInside() {
        Random init = new Random(41);
        Tensor w0 = tensor(init, 10, 30), b0 = tensor(init, 10);
        Tensor w1 = w0.copy(), b1 = b0.copy(), w2 = w0.copy(), b2 = b0.copy();
        double[] plain = denseSteps(new Random(5), w0, b0, false, false);
        double[] stepped = denseSteps(new Random(5), w1, b1, true, false);
        double[] read = denseSteps(new Random(5), w2, b2, true, true);
        assertArrayEquals(plain, stepped, 0.0, "losses and hits in steps");
        assertArrayEquals(plain, read, 0.0, "losses and hits with a read inside");
        assertArrayEquals(w0.data(), w1.data(), "weights after steps");
        assertArrayEquals(w0.data(), w2.data(), "weights after steps with a read inside");
        assertArrayEquals(b0.data(), b2.data(), "biases after steps with a read inside");
    }

    static Stream<Arguments> lossShapes() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(1, 10), Arguments.of(3, 7), Arguments.of(17, 10),
                Arguments.of(128, 10), Arguments.of(33, 257), Arguments.of(1023, 3));
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("elementwiseSizes")
    void sgdOverSeveralSteps(int size) {
        Random r = new Random(size + 7);
        Object[][] variants = {{0f, false, 0f}, {0.9f, false, 5e-4f}, {0.9f, true, 5e-4f}, {0.5f, true, 0f}};
        for (Object[] v : variants) {
            float momentum = (float) v[0];
            boolean nesterov = (boolean) v[1];
            float wd = (float) v[2];
            Tensor pe = tensor(r, size), pa = pe.copy();
            Tensor ve = momentum == 0f ? null : Tensor.zeros(size), va = ve == null ? null : Tensor.zeros(size);
            for (int step = 0; step < 4; step++) {
                Tensor g = tensor(r, size);
                reference.sgdUpdate(pe, g, ve, 0.05f, momentum, nesterov, wd);
                backend().sgdUpdate(pa, g, va, 0.05f, momentum, nesterov, wd);
            }
            String what = "sgd momentum=" + momentum + " nesterov=" + nesterov + " wd=" + wd;
            assertClose(what + " param", pe.data(), pa.data(), 1e-6, 1e-7);
            if (ve != null) assertClose(what + " velocity", ve.data(), va.data(), 1e-6, 1e-7);
        }
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("elementwiseSizes")
    void adamwOverSeveralSteps(int size) {
        Random r = new Random(size + 9);
        float lr = 1e-2f;
        Tensor pe = tensor(r, size), pa = pe.copy();
        Tensor me = Tensor.zeros(size), ma = Tensor.zeros(size), ve = Tensor.zeros(size), va = Tensor.zeros(size);
        for (long step = 1; step <= 5; step++) {
            Tensor g = tensor(r, size);
            reference.adamwUpdate(pe, g, me, ve, lr, 0.9f, 0.999f, 1e-8f, 0.01f, step);
            backend().adamwUpdate(pa, g, ma, va, lr, 0.9f, 0.999f, 1e-8f, 0.01f, step);
        }
        assertClose("adamw m", me.data(), ma.data(), 1e-5, 1e-7);
        assertClose("adamw v", ve.data(), va.data(), 1e-5, 1e-9);
        assertClose("adamw param", pe.data(), pa.data(), 1e-6, lr * 1e-4);
    }

    // ---------------------------------------------------------------- determinism

    @Test
    void everyOpGivesIdenticalBitsWhenRepeated() {
        Random r = new Random(99);
        Tensor a = tensor(r, 300, 500), b = tensor(r, 200, 500);
        Tensor c1 = Tensor.zeros(300, 200), c2 = Tensor.zeros(300, 200);
        backend().denseForward(a, b, null, c1);
        backend().denseForward(a, b, null, c2);
        assertBitEqual("dense (gemm)", c1.data(), c2.data());

        Conv2dSpec s = new Conv2dSpec(16, 8, 14, 14, 16, 3, 1, 1);
        Tensor x = tensor(r, 16, 8, 14, 14), w = tensor(r, 16, 8, 3, 3), gy = tensor(r, 16, 16, 14, 14);
        Tensor[] outs = new Tensor[2];
        for (int rep = 0; rep < 2; rep++) {
            Tensor y = outputOf(s), gx = inputOf(s), gw = Tensor.zeros(16, 8, 3, 3), gb = Tensor.zeros(16);
            backend().conv2dForward(x, w, gb, y, s);
            backend().conv2dBackwardData(gy, w, gx, s);
            backend().conv2dBackwardFilter(x, gy, gw, gb, s);
            Tensor bnY = Tensor.zeros(16, 16, 14, 14), mean = Tensor.zeros(16), inv = Tensor.zeros(16);
            backend().batchNormForward(gy, gb, gb, Tensor.zeros(16), Tensor.zeros(16), 0.1f, 1e-5f, true, bnY, mean, inv);
            Tensor bnGx = Tensor.zeros(16, 16, 14, 14), gg = Tensor.zeros(16), gbeta = Tensor.zeros(16);
            backend().batchNormBackward(gy, bnY, gb, mean, inv, bnGx, gg, gbeta);
            Tensor all = Tensor.zeros(y.size() + gx.size() + gw.size() + bnY.size() + bnGx.size() + 48);
            int off = 0;
            for (Tensor t : new Tensor[] {y, gx, gw, bnY, bnGx, mean, inv, gg}) {
                System.arraycopy(t.data(), 0, all.data(), off, t.size());
                off += t.size();
            }
            outs[rep] = all;
        }
        assertBitEqual("convolution and batch norm", outs[0].data(), outs[1].data());
        Tensor logits = tensor(r, 256, 10);
        int[] labels = r.ints(256, 0, 10).toArray();
        assertEquals(backend().softmaxCrossEntropy(logits, labels, 0.1f, null),
                backend().softmaxCrossEntropy(logits, labels, 0.1f, null), 0.0, "loss");
    }

    /**
     * Many repeats of the reducing ops, enough for a JIT to compile them part way through: an
     * implementation whose reduction order changes with compilation (a vector lane reduction left
     * to the JIT, say) gives different bits before and after.
     */
    @Test
    void reductionsGiveIdenticalBitsAcrossManyRepeats() {
        Random r = new Random(123);
        Tensor x = tensor(r, 8, 16, 7, 7), gy = tensor(r, 8, 16, 7, 7), gamma = tensor(r, 16), beta = tensor(r, 16);
        Tensor logits = tensor(r, 64, 10);
        int[] labels = r.ints(64, 0, 10).toArray();
        float[] first = null;
        for (int rep = 0; rep < 300; rep++) {
            Tensor y = Tensor.zeros(8, 16, 7, 7), mean = Tensor.zeros(16), inv = Tensor.zeros(16);
            backend().batchNormForward(x, gamma, beta, Tensor.zeros(16), Tensor.zeros(16), 0.1f, 1e-5f, true, y, mean, inv);
            Tensor gx = Tensor.zeros(8, 16, 7, 7), gg = Tensor.zeros(16), gb = Tensor.zeros(16);
            backend().batchNormBackward(x, gy, gamma, mean, inv, gx, gg, gb);
            Tensor avg = Tensor.zeros(8, 16);
            backend().globalAvgPoolForward(x, avg);
            float loss = (float) backend().softmaxCrossEntropy(logits, labels, 0.1f, null);
            float[] all = new float[y.size() + gx.size() + 4 * 16 + avg.size() + 1];
            int off = 0;
            for (Tensor t : new Tensor[] {y, gx, mean, inv, gg, gb, avg}) {
                System.arraycopy(t.data(), 0, all, off, t.size());
                off += t.size();
            }
            all[off] = loss;
            if (first == null) first = all;
            else assertBitEqual("batch norm, average pool and loss at repeat " + rep, first, all);
        }
    }
}
