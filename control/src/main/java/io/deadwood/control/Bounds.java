package io.deadwood.control;

import java.util.Arrays;

/** Per-component lower and upper bounds; infinite where there is none. */
public record Bounds(double[] lower, double[] upper) {
    public Bounds {
        if (lower.length != upper.length) throw new IllegalArgumentException("bounds of different lengths");
        for (int i = 0; i < lower.length; i++) {
            if (Double.isNaN(lower[i]) || Double.isNaN(upper[i]) || lower[i] > upper[i]) {
                throw new IllegalArgumentException("bound " + i + " is [" + lower[i] + ", " + upper[i] + "]");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    public static Bounds none(int n) {
        double[] lo = new double[n], hi = new double[n];
        Arrays.fill(lo, Double.NEGATIVE_INFINITY);
        Arrays.fill(hi, Double.POSITIVE_INFINITY);
        return new Bounds(lo, hi);
    }

    /** The same bounds [lo, hi] on each of n components. */
    public static Bounds of(int n, double lo, double hi) {
        double[] l = new double[n], h = new double[n];
        Arrays.fill(l, lo);
        Arrays.fill(h, hi);
        return new Bounds(l, h);
    }

    public int size() { return lower.length; }

    @Override public double[] lower() { return lower.clone(); }

    @Override public double[] upper() { return upper.clone(); }

    public boolean contains(double[] v, double tolerance) {
        for (int i = 0; i < v.length; i++) if (v[i] < lower[i] - tolerance || v[i] > upper[i] + tolerance) return false;
        return true;
    }
}
