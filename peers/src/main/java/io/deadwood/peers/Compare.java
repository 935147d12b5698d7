package io.deadwood.peers;

import io.deadwood.api.result.AtomicFiles;
import io.deadwood.reproduce.bench.BenchRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prints the runs of one {@code bin/deadwood-peers} invocation side by side: every figure of
 * Deadwood's with the same figure of each peer and the ratio Deadwood / peer (above 1: Deadwood is
 * faster), then what each run was: versions, notes and JVM flags.
 */
public final class Compare {
    private static final List<String> ENGINES = List.of("deadwood", "pytorch", "dl4j");

    private Compare() {
    }

    public static void main(String[] args) throws IOException {
        List<PeerMain.PeerResult> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                runs.add(AtomicFiles.json().readValue(p.toFile(), PeerMain.PeerResult.class));
            }
        }
        // figure name -> engine -> row
        Map<String, Map<String, BenchRow>> table = new LinkedHashMap<>();
        for (String engine : ENGINES) {
            for (PeerMain.PeerResult r : runs) {
                if (!r.engine().equals(engine)) continue;
                for (BenchRow row : r.rows()) {
                    // best of the rounds: the most work per second, the least memory
                    table.computeIfAbsent(row.name(), k -> new LinkedHashMap<>()).merge(engine, row, (a, b) ->
                            (a.unit().equals("MiB") ? b.value() < a.value() : b.value() > a.value()) ? b : a);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-24s %-9s %12s %12s %12s %10s %10s%n", "what", "unit", "deadwood", "pytorch",
                "dl4j", "dw/pytorch", "dw/dl4j");
        for (var e : table.entrySet()) {
            Map<String, BenchRow> byEngine = e.getValue();
            BenchRow any = byEngine.values().iterator().next();
            double dw = value(byEngine, "deadwood"), pt = value(byEngine, "pytorch"), dl = value(byEngine, "dl4j");
            boolean lowerIsBetter = any.unit().equals("MiB");
            System.out.printf(Locale.ROOT, "%-24s %-9s %12s %12s %12s %10s %10s%n", e.getKey(), any.unit(),
                    fmt(dw), fmt(pt), fmt(dl), ratio(dw, pt, lowerIsBetter), ratio(dw, dl, lowerIsBetter));
        }
        System.out.println("\n(best of " + runs.stream().filter(r -> r.engine().equals("deadwood")
                && r.work().equals(runs.getFirst().work())).count() + " rounds in separate JVMs; ratios: Deadwood's figure"
                + " / the peer's, for MiB the peer's / Deadwood's, so above 1 is always Deadwood ahead; 'cold' is the"
                + " first 2 s of training, JIT warm-up included)");
        java.util.Set<String> described = new java.util.HashSet<>();
        for (PeerMain.PeerResult r : runs) {
            if (!described.add(r.engine() + " " + r.work())) continue;
            System.out.printf(Locale.ROOT, "%n%s %s: %s%n", r.engine(), r.work(), r.version());
            if (!r.note().isEmpty()) System.out.println("  " + r.note());
            System.out.println("  JDK " + r.environment().jdk() + ", CPU " + r.environment().cpu()
                    + ", JVM flags " + String.join(" ", r.environment().jvmFlags()));
        }
    }

    private static double value(Map<String, BenchRow> rows, String engine) {
        BenchRow r = rows.get(engine);
        return r == null ? Double.NaN : r.value();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.1f", v);
    }

    private static String ratio(double dw, double peer, boolean invert) {
        if (Double.isNaN(dw) || Double.isNaN(peer)) return "-";
        return String.format(Locale.ROOT, "%.2f", invert ? peer / dw : dw / peer);
    }
}
