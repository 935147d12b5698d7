package io.deadwood.reproduce.cli;

import io.deadwood.api.model.ModelProvider;
import io.deadwood.api.model.Models;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models that --model accepts (Deadwood's own and plugins), and any plugin that failed to load.")
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--plugins", paramLabel = "DIR", description = Plugins.OPTION_HELP)
    Path plugins;

    private final MethodCatalog catalog;

    @Inject
    public ModelsCommand(MethodCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() {
        Models models = catalog.models(plugins);
        for (ModelProvider p : models.all()) System.out.printf(Locale.ROOT, "%-10s %s%n", p.id(), p.description());
        models.broken().forEach(b -> System.out.println("broken: " + b.provider() + " in " + b.jar() + ": " + b.reason()));
        return 0;
    }
}
