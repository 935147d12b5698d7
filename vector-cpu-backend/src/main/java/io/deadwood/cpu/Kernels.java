package io.deadwood.cpu;

import io.deadwood.api.backend.SmoothActivation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector reductions and elementwise loops over one range of an array: a vector body and a scalar
 * tail. Sums run in float lanes over chunks of at most {@link #CHUNK} elements and the chunks are
 * added in double, which keeps long sums (batch statistics) accurate while the inner loop stays in
 * float; the order is fixed by the range alone.
 */
final class Kernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final int CHUNK = 1024;

    private Kernels() {
    }

    /**
     * Lanes added left to right. {@code reduceLanes(ADD)} is free to pick its order, and the
     * interpreter and C2 do pick differently, so the same call could round differently before and
     * after compilation; a fixed order keeps repeated calls bit-identical.
     */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int lane = 0; lane < L; lane++) s += v.lane(lane);
        return s;
    }

    /** Sum of a[off .. off+len). */
    static double sum(float[] a, int off, int len) {
        double total = 0;
        for (int c = 0; c < len; c += CHUNK) {
            int end = off + Math.min(len, c + CHUNK);
            int i = off + c;
            FloatVector acc = FloatVector.zero(S);
            for (; i <= end - L; i += L) acc = acc.add(FloatVector.fromArray(S, a, i));
            float part = sumLanes(acc);
            for (; i < end; i++) part += a[i];
            total += part;
        }
        return total;
    }

    /** Sum of (a[i] - mean)^2 over the range. */
    static double sumSquaredDeviation(float[] a, int off, int len, float mean) {
        double total = 0;
        FloatVector mv = FloatVector.broadcast(S, mean);
        for (int c = 0; c < len; c += CHUNK) {
            int end = off + Math.min(len, c + CHUNK);
            int i = off + c;
            FloatVector acc = FloatVector.zero(S);
            for (; i <= end - L; i += L) {
                FloatVector d = FloatVector.fromArray(S, a, i).sub(mv);
                acc = d.fma(d, acc);
            }
            float part = sumLanes(acc);
            for (; i < end; i++) {
                float d = a[i] - mean;
                part += d * d;
            }
            total += part;
        }
        return total;
    }

    /** Sum of g[i] * (x[i] - mean) over the range. */
    static double sumProductDeviation(float[] g, float[] x, int off, int len, float mean) {
        double total = 0;
        FloatVector mv = FloatVector.broadcast(S, mean);
        for (int c = 0; c < len; c += CHUNK) {
            int end = off + Math.min(len, c + CHUNK);
            int i = off + c;
            FloatVector acc = FloatVector.zero(S);
            for (; i <= end - L; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, i).sub(mv);
                acc = d.fma(FloatVector.fromArray(S, g, i), acc);
            }
            float part = sumLanes(acc);
            for (; i < end; i++) part += g[i] * (x[i] - mean);
            total += part;
        }
        return total;
    }

    /** y[i] = (x[i] - mean) * scale + shift over the range; subtracting first avoids cancellation. */
    static void normalize(float[] x, float[] y, int off, int len, float mean, float scale, float shift) {
        FloatVector mv = FloatVector.broadcast(S, mean);
        FloatVector sv = FloatVector.broadcast(S, scale), hv = FloatVector.broadcast(S, shift);
        int i = off, end = off + len;
        for (; i <= end - L; i += L) FloatVector.fromArray(S, x, i).sub(mv).fma(sv, hv).intoArray(y, i);
        for (; i < end; i++) y[i] = Math.fma(x[i] - mean, scale, shift);
    }

    /** gx[i] = gy[i] * a + (x[i] - mean) * b + d over the range (the batch-norm input gradient). */
    static void normBackward(float[] x, float[] gy, float[] gx, int off, int len, float mean, float a, float b, float d) {
        FloatVector mv = FloatVector.broadcast(S, mean), av = FloatVector.broadcast(S, a);
        FloatVector bv = FloatVector.broadcast(S, b), dv = FloatVector.broadcast(S, d);
        int i = off, end = off + len;
        for (; i <= end - L; i += L) {
            FloatVector xm = FloatVector.fromArray(S, x, i).sub(mv);
            FloatVector.fromArray(S, gy, i).fma(av, xm.fma(bv, dv)).intoArray(gx, i);
        }
        for (; i < end; i++) gx[i] = Math.fma(gy[i], a, Math.fma(x[i] - mean, b, d));
    }

    /** out[i] = a[i] + b[i] over the range. */
    static void add(float[] a, float[] b, float[] out, int off, int len) {
        int i = off, end = off + len;
        for (; i <= end - L; i += L) FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        for (; i < end; i++) out[i] = a[i] + b[i];
    }

    /** y[yOff + i] += row[i] for i in [0, len): adds a bias row. */
    static void addRow(float[] y, int yOff, float[] row, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, row, i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) y[yOff + i] += row[i];
    }

    /** y[i] = max(x[i], 0) over the range. */
    static void relu(float[] x, float[] y, int off, int len) {
        int i = off, end = off + len;
        for (; i <= end - L; i += L) FloatVector.fromArray(S, x, i).max(0f).intoArray(y, i);
        for (; i < end; i++) y[i] = Math.max(x[i], 0f);
    }

    /** y = f(x) over the range, by the activation's own scalar definition: exp, tanh and log1p in double keep the tails exact, which a lane-wise float exp does not. */
    static void smoothForward(SmoothActivation kind, float[] x, float[] y, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) y[i] = kind.apply(x[i]);
    }

    /** gx = gy * f'(y) over the range; the sigmoid's and tanh's slopes are polynomials in y, so they take lanes. */
    static void smoothBackward(SmoothActivation kind, float[] y, float[] gy, float[] gx, int off, int len) {
        int i = off, end = off + len;
        switch (kind) {
            case SIGMOID -> {
                for (; i <= end - L; i += L) {
                    FloatVector v = FloatVector.fromArray(S, y, i);
                    FloatVector.fromArray(S, gy, i).mul(v).mul(v.neg().add(1f)).intoArray(gx, i);
                }
                for (; i < end; i++) gx[i] = gy[i] * y[i] * (1f - y[i]);
            }
            case TANH -> {
                for (; i <= end - L; i += L) {
                    FloatVector v = FloatVector.fromArray(S, y, i);
                    FloatVector.fromArray(S, gy, i).mul(v.mul(v).neg().add(1f)).intoArray(gx, i);
                }
                for (; i < end; i++) gx[i] = gy[i] * (1f - y[i] * y[i]);
            }
            case SOFTPLUS -> {
                for (; i < end; i++) gx[i] = kind.gradient(y[i], gy[i]);
            }
        }
    }

    /**
     * The sum of (y - t)^2 in double in index order (the bits the interface promises), and, when g is
     * non-null, g = scale * (y - t) in lanes.
     */
    static double squaredError(float[] y, float[] t, float[] g, float scale, int len) {
        double sum = 0;
        for (int i = 0; i < len; i++) {
            double d = (double) y[i] - t[i];
            sum += d * d;
        }
        if (g != null) {
            int i = 0;
            for (; i <= len - L; i += L) {
                FloatVector.fromArray(S, y, i).sub(FloatVector.fromArray(S, t, i)).mul(scale).intoArray(g, i);
            }
            for (; i < len; i++) g[i] = (y[i] - t[i]) * scale;
        }
        return sum;
    }

    /** Entries of the range that are exactly zero (+0 or -0). */
    static long countZeros(float[] x, int off, int len) {
        int i = off, end = off + len;
        long zeros = 0;
        for (; i <= end - L; i += L) zeros += FloatVector.fromArray(S, x, i).compare(VectorOperators.EQ, 0f).trueCount();
        for (; i < end; i++) if (x[i] == 0f) zeros++;
        return zeros;
    }

    /** gx[i] = y[i] > 0 ? gy[i] : 0 over the range. */
    static void reluBackward(float[] y, float[] gy, float[] gx, int off, int len) {
        int i = off, end = off + len;
        FloatVector zero = FloatVector.zero(S);
        for (; i <= end - L; i += L) {
            FloatVector g = FloatVector.fromArray(S, gy, i);
            zero.blend(g, FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, 0f)).intoArray(gx, i);
        }
        for (; i < end; i++) gx[i] = y[i] > 0f ? gy[i] : 0f;
    }

    /** a[i] = value over the range. */
    static void fill(float[] a, int off, int len, float value) {
        java.util.Arrays.fill(a, off, off + len, value);
    }
}
