package io.deadwood.reproduce.control;

import io.deadwood.api.plugin.BrokenProvider;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.ControlProblems;
import io.deadwood.reproduce.cli.ListingOptions;
import io.deadwood.reproduce.cli.MethodCatalog;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "systems", mixinStandardHelpOptions = true,
        description = "List the control systems found (Deadwood's own and plugins): states, controls, horizon and source.")
public final class SystemsCommand implements Callable<Integer> {

    @Mixin
    ListingOptions listing;

    record Row(String id, int states, int controls, double horizon, boolean discreteTime, boolean lenhart,
               String description, String source) {
    }

    record Listing(List<Row> systems, List<BrokenProvider> broken) {
    }

    private final MethodCatalog catalog;

    @Inject
    public SystemsCommand(MethodCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() throws Exception {
        ControlProblems found = ControlProblems.discover(catalog.loader(listing.plugins()));
        List<Row> rows = new ArrayList<>();
        for (ControlProblem p : found.all()) {
            rows.add(new Row(p.id(), p.states(), p.controls(), p.horizon(), p.discreteTime(), p.lenhart(), p.description(), p.source()));
        }
        if (listing.printedJson(new Listing(rows, found.broken()))) return 0;
        System.out.printf(Locale.ROOT, "%-26s %6s %8s %8s  %s%n", "system", "states", "controls", "horizon", "description");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-26s %6d %8d %8s  %s%n", r.id(), r.states(), r.controls(),
                    (r.discreteTime() ? "k=" : "") + fmt(r.horizon()), r.description());
        }
        for (BrokenProvider b : found.broken()) System.out.printf("%-26s broken: %s (in %s)%n", b.provider(), b.reason(), b.jar());
        return 0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
