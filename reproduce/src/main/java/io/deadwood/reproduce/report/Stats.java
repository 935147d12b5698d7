package io.deadwood.reproduce.report;

import java.util.List;
import java.util.Locale;

/** Mean, sample standard deviation and median, and the number formats the tables use. */
public final class Stats {
    private Stats() {
    }

    public static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public static double std(List<Double> xs) {
        if (xs.size() < 2) return 0;
        double m = mean(xs), s = 0;
        for (double x : xs) s += (x - m) * (x - m);
        return Math.sqrt(s / (xs.size() - 1));
    }

    public static double median(List<Double> xs) {
        List<Double> s = new java.util.ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** mean ± sample std; a single value says so instead of showing a spread of zero. */
    static String meanStd(List<Double> xs) {
        if (xs.isEmpty()) return "-";
        if (xs.size() == 1) return String.format(Locale.ROOT, "%.4f (1 seed)", xs.getFirst());
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean(xs), std(xs));
    }

    static String fixed(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "-";
    }

    static String count(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,d", Math.round(v)) : "-";
    }

    /** Engineering form for FLOPs: 1.23e12. */
    static String sci(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "-";
    }
}
