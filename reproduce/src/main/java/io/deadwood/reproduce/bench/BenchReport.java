package io.deadwood.reproduce.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** What one {@code bench} run measured, where; printed as a table or serialised as JSON. */
public record BenchReport(String schema, String suite, BenchEnvironment environment, List<BenchRow> rows) {
    public static final String SCHEMA = "deadwood.bench/1";

    public void print(PrintStream out) {
        out.println("deadwood bench " + suite);
        out.println(environment.describe());
        out.println();
        out.printf(Locale.ROOT, "%-48s %7s %12s %-9s %8s  %s%n", "what", "threads", "value", "unit", "ratio", "against");
        for (BenchRow r : rows) {
            String ratio = Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio());
            String against = Double.isNaN(r.ratio()) ? r.note()
                    : String.format(Locale.ROOT, "%s (%,.1f %s)", r.referenceName(), r.reference(), r.unit());
            out.printf(Locale.ROOT, "%-48s %7d %,12.1f %-9s %8s  %s%n", r.name(), r.threads(), r.value(), r.unit(),
                    ratio, against);
        }
    }
}
