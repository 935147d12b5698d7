package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Penalty;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.checkpoint.SavableRandom;
import io.deadwood.api.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of the SPI's ops for pruning methods' per-step maths: every one gives the bits of
 * {@link ReferenceBackend} (the scalar definitions), on sizes that reach vector tails and sizes
 * that are split between threads, with awkward values (signed zeros, NaN, infinities, denormals)
 * among the inputs; so a backend's thread count cannot change them either. A device backend whose
 * float arithmetic may differ in the last bit (contracted multiply-adds, its own log and cos)
 * answers {@code false} from {@link #exactMethodOps} and is held to a tight tolerance instead, and
 * to giving the same bits when called twice.
 */
public abstract class MethodOpsContract {
    /** Sizes: vector tails, and one large enough to be split between threads. */
    private static final int[] SIZES = {1, 7, 8, 17, 33, 257, 100_003};
    /** (units, span) layouts; each is tried with 1 and 3 repeats, and one with many units and span 1. */
    private static final int[][] LAYOUTS = {{1, 1}, {3, 7}, {16, 9}, {17, 33}, {64, 1}, {5, 1031}, {4099, 3}};

    protected final ReferenceBackend reference = new ReferenceBackend();

    protected abstract ComputeBackend backend();

    /** Whether the backend must give the reference's bits (host backends) or only come within rounding. */
    protected boolean exactMethodOps() {
        return true;
    }

    /** Uniform values in [-2, 2) with every 11th one replaced by an awkward value. */
    static float[] awkward(Random r, int n) {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                -Float.MIN_VALUE, 1e-40f, 3e38f};
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i % 11 == 5 ? special[(i / 11) % special.length] : 4 * r.nextFloat() - 2;
        return x;
    }

    private void assertSame(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], a = actual[i];
            if (Float.floatToRawIntBits(e) == Float.floatToRawIntBits(a)) continue;
            if (!exactMethodOps() && (e == a || Math.abs(e - a) <= 1e-6 * Math.max(1, Math.abs(e)) || (e != e && a != a))) continue;
            fail(what + ": element " + i + " is " + a + ", the reference gives " + e);
        }
    }

    private void assertSame(String what, double expected, double actual) {
        if (Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(actual)) return;
        if (!exactMethodOps() && Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected))) return;
        fail(what + ": " + actual + ", the reference gives " + expected);
    }

    private static Tensor wrap(float[] x) {
        return Tensor.wrap(x.clone(), x.length);
    }

    @ParameterizedTest(name = "penalty gradient {0}")
    @EnumSource(Penalty.class)
    void penaltyGradientMatchesTheReference(Penalty penalty) {
        Random r = new Random(penalty.ordinal() + 1);
        for (int n : SIZES) {
            float[] w = awkward(r, n), g = awkward(r, n);
            for (float lambda : new float[] {0.01f, -0.3f, 0f}) {
                Tensor ge = wrap(g), ga = wrap(g);
                reference.addPenaltyGradient(penalty, lambda, wrap(w), ge);
                backend().addPenaltyGradient(penalty, lambda, wrap(w), ga);
                assertSame(penalty + " gradient, n=" + n + ", lambda=" + lambda, ge.data(), ga.data());
            }
        }
    }

    @ParameterizedTest(name = "penalty sum {0}")
    @EnumSource(Penalty.class)
    void penaltySumChainsInIndexOrder(Penalty penalty) {
        Random r = new Random(penalty.ordinal() + 7);
        for (int n : SIZES) {
            // No infinities here: a sum of them is NaN or infinite on every backend and proves nothing about order.
            float[] w = new float[n];
            for (int i = 0; i < n; i++) w[i] = (float) Math.scalb(r.nextFloat() - 0.5, r.nextInt(40) - 20);
            double start = 0.1 * n;
            assertSame(penalty + " sum, n=" + n, reference.penaltySum(penalty, wrap(w), start),
                    backend().penaltySum(penalty, wrap(w), start));
        }
    }

    @Test
    void unitAxpyScalesEachUnitAndSkipsNaNScales() {
        Random r = new Random(3);
        for (int[] l : LAYOUTS) {
            for (int outer : new int[] {1, 3}) {
                UnitAxis axis = new UnitAxis(l[0], l[1]);
                int n = outer * l[0] * l[1];
                float[] x = awkward(r, n), y = awkward(r, n), scale = new float[l[0]];
                for (int u = 0; u < scale.length; u++) scale[u] = u % 4 == 1 ? Float.NaN : 2 * r.nextFloat() - 1;
                Tensor ye = wrap(y), ya = wrap(y);
                reference.unitAxpy(scale, wrap(x), ye, axis);
                backend().unitAxpy(scale, wrap(x), ya, axis);
                assertSame("unitAxpy " + axis + " x" + outer, ye.data(), ya.data());
                for (int i = 0; i < n; i++) {
                    if (scale[axis.unitOf(i)] != scale[axis.unitOf(i)]) {
                        assertEquals(Float.floatToRawIntBits(y[i]), Float.floatToRawIntBits(ya.data()[i]),
                                "a unit with a NaN scale is left alone");
                    }
                }
            }
        }
    }

    @Test
    void applyMaskZeroesWhereTheMaskIsZero() {
        Random r = new Random(4);
        for (int n : SIZES) {
            float[] x = awkward(r, n), mask = new float[n];
            for (int i = 0; i < n; i++) mask[i] = switch (i % 5) { case 0 -> 0f; case 1 -> -0f; case 2 -> Float.NaN; default -> 1f; };
            Tensor xe = wrap(x), xa = wrap(x);
            reference.applyMask(xe, wrap(mask));
            backend().applyMask(xa, wrap(mask));
            assertSame("applyMask n=" + n, xe.data(), xa.data());
            for (int i = 0; i < n; i++) {
                if (i % 5 < 2) assertEquals(0, Float.floatToRawIntBits(xa.data()[i]), "masked entries are +0");
            }
        }
    }

    @ParameterizedTest(name = "unit reduce {0}")
    @EnumSource(UnitReduction.class)
    void unitReduceMatchesTheReferenceAndAccumulates(UnitReduction reduction) {
        Random r = new Random(reduction.ordinal() + 11);
        for (int[] l : LAYOUTS) {
            for (int outer : new int[] {1, 3}) {
                UnitAxis axis = new UnitAxis(l[0], l[1]);
                float[] x = new float[outer * l[0] * l[1]];
                for (int i = 0; i < x.length; i++) x[i] = i % 7 == 3 ? 0f : (float) Math.scalb(r.nextFloat() - 0.5, r.nextInt(30) - 15);
                double[] start = new double[l[0]];
                for (int u = 0; u < start.length; u++) start[u] = u * 0.25;
                double[] e = start.clone(), a = start.clone();
                reference.unitReduce(wrap(x), axis, reduction, e);
                backend().unitReduce(wrap(x), axis, reduction, a);
                for (int u = 0; u < e.length; u++) assertSame(reduction + " " + axis + " x" + outer + " unit " + u, e[u], a[u]);
            }
        }
    }

    @Test
    void sequentialNoiseDrawsTheGeneratorsStreamInIndexOrder() {
        Random r = new Random(5);
        for (int[] l : LAYOUTS) {
            UnitAxis axis = new UnitAxis(l[0], l[1]);
            float[] x = awkward(r, 2 * l[0] * l[1]);
            for (boolean[] live : new boolean[][] {null, liveEveryOther(l[0])}) {
                SavableRandom re = new SavableRandom(42), ra = new SavableRandom(42);
                Tensor xe = wrap(x), xa = wrap(x);
                long te = reference.addGaussianNoise(xe, axis, live, 0.05, re);
                long ta = backend().addGaussianNoise(xa, axis, live, 0.05, ra);
                assertEquals(te, ta, "entries changed");
                assertSame("sequential noise " + axis, xe.data(), xa.data());
                assertEquals(re.nextLong(), ra.nextLong(), "the generator is left where the reference leaves it");
            }
        }
    }

    @Test
    void counterNoiseDependsOnSeedStreamAndIndexOnly() {
        Random r = new Random(6);
        for (int[] l : LAYOUTS) {
            UnitAxis axis = new UnitAxis(l[0], l[1]);
            float[] x = awkward(r, 3 * l[0] * l[1]);
            for (boolean[] live : new boolean[][] {null, liveEveryOther(l[0])}) {
                Tensor xe = wrap(x), xa = wrap(x), again = wrap(x);
                long te = reference.addCounterNoise(xe, axis, live, 0.1, 77, 5);
                long ta = backend().addCounterNoise(xa, axis, live, 0.1, 77, 5);
                backend().addCounterNoise(again, axis, live, 0.1, 77, 5);
                assertEquals(te, ta, "entries changed");
                assertSame("counter noise " + axis, xe.data(), xa.data());
                Approx.assertBitEqual("counter noise twice", xa.data(), again.data());
            }
        }
    }

    @ParameterizedTest(name = "counter noise statistics, stream {0}")
    @ValueSource(longs = {0, 1, 1L << 40})
    void counterNoiseIsStandardNormalAndStreamsDiffer(long stream) {
        int n = 200_000;
        Tensor a = Tensor.zeros(n), b = Tensor.zeros(n);
        backend().addCounterNoise(a, new UnitAxis(1, n), null, 2.0, 9, stream);
        backend().addCounterNoise(b, new UnitAxis(1, n), null, 2.0, 9, stream + 1);
        double sum = 0, sq = 0, cross = 0;
        int beyond3 = 0;
        for (int i = 0; i < n; i++) {
            double v = a.data()[i] / 2.0;
            sum += v;
            sq += v * v;
            cross += v * b.data()[i] / 2.0;
            if (Math.abs(v) > 3) beyond3++;
        }
        assertEquals(0, sum / n, 0.01, "mean");
        assertEquals(1, sq / n, 0.02, "variance");
        assertEquals(0, cross / n, 0.01, "neighbouring streams are uncorrelated");
        // 0.27% of a standard normal lies beyond 3 sigma.
        assertTrue(beyond3 > 0.0018 * n && beyond3 < 0.0036 * n, beyond3 + " draws beyond 3 sigma");
        assertNotEquals(a.data()[0], b.data()[0]);
    }

    private static boolean[] liveEveryOther(int units) {
        boolean[] live = new boolean[units];
        for (int u = 0; u < units; u += 2) live[u] = true;
        return live;
    }
}
