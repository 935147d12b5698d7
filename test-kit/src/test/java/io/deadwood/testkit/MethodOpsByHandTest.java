package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deadwood.api.backend.CounterNoise;
import io.deadwood.api.backend.Penalty;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.checkpoint.SavableRandom;
import io.deadwood.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The scalar definitions of the methods' ops on cases worked out by hand. */
class MethodOpsByHandTest {
    private final ReferenceBackend ref = new ReferenceBackend();

    private static Tensor t(float... v) {
        return Tensor.wrap(v, v.length);
    }

    @Test
    void penaltyGradients() {
        Tensor w = t(2f, -3f, 0f, -0f);
        Tensor g = t(1f, 1f, 1f, 1f);
        ref.addPenaltyGradient(Penalty.L1, 0.5f, w, g);
        assertArrayEquals(new float[] {1.5f, 0.5f, 1f, 1f}, g.data());
        g = t(0f, 0f, 0f, 0f);
        ref.addPenaltyGradient(Penalty.L2, 0.5f, w, g);
        assertArrayEquals(new float[] {2f, -3f, 0f, 0f}, g.data());
        g = t(0f, 0f, 0f, 0f);
        ref.addPenaltyGradient(Penalty.POSITIVE_L2, 0.5f, w, g);
        assertArrayEquals(new float[] {2f, 0f, 0f, 0f}, g.data());
    }

    @Test
    void penaltySumsChain() {
        Tensor w = t(2f, -3f, 0.5f);
        assertEquals(10 + 5.5, ref.penaltySum(Penalty.L1, w, 10), 0);
        assertEquals(4 + 9 + 0.25, ref.penaltySum(Penalty.L2, w, 0), 0);
        assertEquals(4.25, ref.penaltySum(Penalty.POSITIVE_L2, w, 0), 0);
    }

    @Test
    void unitLayoutsFollowTheAxis() {
        // [2 outer][3 units][2 span]: unit u owns entries 2u, 2u+1, 6+2u, 7+2u
        UnitAxis axis = UnitAxis.of(new int[] {2, 3, 2}, 1, 1);
        assertEquals(new UnitAxis(3, 2), axis);
        assertEquals(1, axis.unitOf(3));
        assertEquals(2, axis.unitOf(11));
        // a dense layer after Flatten: 4 inputs per unit on axis 1 of [5, 8] gives 2 units of 4
        assertEquals(new UnitAxis(2, 4), UnitAxis.of(new int[] {5, 8}, 1, 4));
        assertEquals(new UnitAxis(1, 40), UnitAxis.of(new int[] {5, 8}, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> UnitAxis.of(new int[] {5, 8}, 1, 3));
        Tensor x = Tensor.wrap(new float[] {1, 2, 0, -4, 5, 6, 7, 0, 9, 10, 11, 12}, 2, 3, 2);
        double[] sum = new double[3], abs = new double[3], sq = new double[3], zeros = new double[3];
        ref.unitReduce(x, axis, UnitReduction.SUM, sum);
        ref.unitReduce(x, axis, UnitReduction.ABS, abs);
        ref.unitReduce(x, axis, UnitReduction.SQUARE, sq);
        ref.unitReduce(x, axis, UnitReduction.ZEROS, zeros);
        assertArrayEquals(new double[] {1 + 2 + 7 + 0, 0 - 4 + 9 + 10, 5 + 6 + 11 + 12}, sum);
        assertArrayEquals(new double[] {10, 23, 34}, abs);
        assertArrayEquals(new double[] {1 + 4 + 49, 16 + 81 + 100, 25 + 36 + 121 + 144}, sq);
        assertArrayEquals(new double[] {1, 1, 0}, zeros);
    }

    @Test
    void unitAxpyMasksAndNoise() {
        UnitAxis axis = new UnitAxis(2, 1);
        Tensor y = t(1f, 1f, 1f, 1f);
        ref.unitAxpy(new float[] {2f, Float.NaN}, t(1f, 2f, 3f, 4f), y, axis);
        assertArrayEquals(new float[] {3f, 1f, 7f, 1f}, y.data());
        Tensor x = t(5f, -6f, 7f);
        ref.applyMask(x, t(0f, 1f, -0f));
        assertArrayEquals(new float[] {0f, -6f, 0f}, x.data());

        SavableRandom rng = new SavableRandom(3), same = new SavableRandom(3);
        Tensor n = t(0f, 0f, 0f, 0f);
        assertEquals(2, ref.addGaussianNoise(n, axis, new boolean[] {false, true}, 0.5, rng));
        float second = (float) (0.5 * same.nextGaussian()), fourth = (float) (0.5 * same.nextGaussian());
        assertArrayEquals(new float[] {0f, second, 0f, fourth}, n.data());

        Tensor c = t(0f, 0f, 0f, 0f);
        assertEquals(4, ref.addCounterNoise(c, axis, null, 0.5, 8, 2));
        long key = CounterNoise.streamKey(8, 2);
        for (int i = 0; i < 4; i++) assertEquals((float) (0.5 * CounterNoise.gaussian(key, i)), c.data()[i]);
    }
}
