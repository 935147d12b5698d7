package io.deadwood.control;

import java.util.function.BiFunction;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * Fixed-step explicit integrators, over any field so that a step is differentiated exactly. One
 * step advances x by h under a control held constant over the step (zero-order hold), as Myriad's
 * integrators do.
 */
public enum Integrator {
    EULER("euler", 1), HEUN("heun", 2), MIDPOINT("midpoint", 2), RK4("rk4", 4);

    private final String id;
    private final int stages;

    Integrator(String id, int stages) {
        this.id = id;
        this.stages = stages;
    }

    public String id() { return id; }

    /** Evaluations of the dynamics per step. */
    public int stages() { return stages; }

    public static Integrator of(String id) {
        for (Integrator i : values()) if (i.id.equals(id)) return i;
        throw new IllegalArgumentException("unknown integrator '" + id + "'; choose one of: euler, heun, midpoint, rk4");
    }

    /** x(t + h) from x(t), for a time-invariant or time-varying field f(x, t) (the control already bound in). */
    public <T extends CalculusFieldElement<T>> T[] step(BiFunction<T[], T, T[]> f, T[] x, T t, T h) {
        return switch (this) {
            case EULER -> axpy(x, h, f.apply(x, t));
            case HEUN -> {
                T[] k1 = f.apply(x, t);
                T[] k2 = f.apply(axpy(x, h, k1), t.add(h));
                yield axpy(x, h.multiply(0.5), add(k1, k2));
            }
            case MIDPOINT -> {
                T half = h.multiply(0.5);
                T[] k1 = f.apply(x, t);
                yield axpy(x, h, f.apply(axpy(x, half, k1), t.add(half)));
            }
            case RK4 -> {
                T half = h.multiply(0.5);
                T[] k1 = f.apply(x, t);
                T[] k2 = f.apply(axpy(x, half, k1), t.add(half));
                T[] k3 = f.apply(axpy(x, half, k2), t.add(half));
                T[] k4 = f.apply(axpy(x, h, k3), t.add(h));
                T[] sum = MathArrays.buildArray(x[0].getField(), x.length);
                for (int i = 0; i < x.length; i++) {
                    sum[i] = k1[i].add(k2[i].multiply(2)).add(k3[i].multiply(2)).add(k4[i]);
                }
                yield axpy(x, h.divide(6), sum);
            }
        };
    }

    private static <T extends CalculusFieldElement<T>> T[] axpy(T[] x, T a, T[] y) {
        T[] out = MathArrays.buildArray(x[0].getField(), x.length);
        for (int i = 0; i < x.length; i++) out[i] = x[i].add(a.multiply(y[i]));
        return out;
    }

    private static <T extends CalculusFieldElement<T>> T[] add(T[] a, T[] b) {
        T[] out = MathArrays.buildArray(a[0].getField(), a.length);
        for (int i = 0; i < a.length; i++) out[i] = a[i].add(b[i]);
        return out;
    }
}
