package io.deadwood.reproduce.cli;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.result.AtomicFiles;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the compute backends, whether each can run here (and why not), and their devices.")
public final class BackendsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--debug", hidden = true)
    boolean debug;

    record Row(String id, int rank, boolean available, String reason, String description, List<String> devices) {
    }

    private final Backends backends;

    @Inject
    public BackendsCommand(Backends backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (BackendProvider p : backends.providers()) {
            BackendProvider.Availability a = p.availability();
            rows.add(new Row(p.id(), p.rank(), a.available(), a.reason(), p.description(), p.devices()));
        }
        if (json) {
            System.out.println(AtomicFiles.json().writeValueAsString(rows));
            return 0;
        }
        for (Row r : rows) {
            System.out.printf("%-12s %-11s %s%n", r.id(), r.available() ? "available" : "unavailable",
                    r.available() ? r.description() : r.reason());
            for (String d : r.devices()) {
                System.out.printf("%-12s   device: %s%n", "", d);
            }
        }
        return 0;
    }
}
