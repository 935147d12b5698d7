package io.deadwood.api.nn;

import java.util.Locale;

/**
 * An explicit Runge-Kutta scheme as its Butcher tableau: stage i evaluates the vector field at
 * x + h * sum_j a[i][j] k_j, and the step is x + h * sum_i b[i] k_i. Time never enters, since the
 * vector fields {@link NeuralOde} learns are autonomous in their inputs.
 */
public enum OdeScheme {
    EULER(new double[][] {{}}, new double[] {1}),
    HEUN(new double[][] {{}, {1}}, new double[] {0.5, 0.5}),
    MIDPOINT(new double[][] {{}, {0.5}}, new double[] {0, 1}),
    RK4(new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}}, new double[] {1 / 6.0, 1 / 3.0, 1 / 3.0, 1 / 6.0});

    private final double[][] a;
    private final double[] b;

    OdeScheme(double[][] a, double[] b) {
        this.a = a;
        this.b = b;
    }

    public int stages() { return b.length; }

    /** a[stage][j] for j below stage. */
    public double a(int stage, int j) { return a[stage][j]; }

    public double b(int stage) { return b[stage]; }

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public static OdeScheme of(String id) {
        for (OdeScheme s : values()) if (s.id().equals(id)) return s;
        throw new IllegalArgumentException("unknown scheme '" + id + "'; choose euler, heun, midpoint or rk4");
    }
}
