package io.deadwood.reproduce.cli;

import io.deadwood.api.data.DatasetProvider;
import io.deadwood.api.data.DatasetProviders;
import io.deadwood.api.plugin.BrokenProvider;
import io.deadwood.api.plugin.ProviderDiscovery;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the data sets found (Deadwood's own and plugins), how to name each with --data, and any that failed to load.")
public final class DatasetsCommand implements Callable<Integer> {

    @Mixin
    ListingOptions listing;

    record Row(String id, String usage, String description, String jar) {
    }

    record Listing(List<Row> datasets, List<BrokenProvider> broken) {
    }

    private final MethodCatalog catalog;

    @Inject
    public DatasetsCommand(MethodCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() throws Exception {
        DatasetProviders found = catalog.datasets(listing.plugins());
        List<Row> rows = new ArrayList<>();
        for (DatasetProvider p : found.all()) {
            rows.add(new Row(p.id(), p.usage(), p.description(), ProviderDiscovery.jarOf(p.getClass())));
        }
        if (listing.printedJson(new Listing(rows, found.broken()))) return 0;
        for (Row r : rows) System.out.printf("%-22s %s%n", r.usage(), r.description());
        for (BrokenProvider b : found.broken()) {
            System.out.printf("%-22s broken: %s (in %s)%n", b.provider(), b.reason(), b.jar());
        }
        return 0;
    }
}
