package io.deadwood.reproduce.bench;

/**
 * One measured figure. {@code reference} is what it is compared with in the same run (the FMA
 * ceiling for kernels, another configuration for training), and {@code ratio} is value / reference;
 * both are NaN when the row stands alone.
 */
public record BenchRow(String name, int threads, double value, String unit, String referenceName,
                       double reference, double ratio, String note) {
    public static BenchRow against(String name, int threads, double value, String unit, String refName, double ref) {
        return new BenchRow(name, threads, value, unit, refName, ref, value / ref, "");
    }

    public static BenchRow alone(String name, int threads, double value, String unit, String note) {
        return new BenchRow(name, threads, value, unit, "", Double.NaN, Double.NaN, note);
    }
}
