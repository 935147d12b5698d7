package io.deadwood.reproduce.cli;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.data.DataLoader;
import io.deadwood.api.data.Dataset;
import io.deadwood.api.data.DataSplits;
import io.deadwood.api.model.ModelFile;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.train.Evaluation;
import io.deadwood.api.train.Evaluator;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model (at its saved, possibly pruned, shape) on a data set's test split.")
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--load", required = true, paramLabel = "FILE", description = "Model file written by 'train --save'.")
    Path load;

    @Option(names = "--data", defaultValue = "fashion-mnist", description = "Data spec. Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--plugins", paramLabel = "DIR", description = Plugins.OPTION_HELP)
    Path plugins;

    @Option(names = "--backend", defaultValue = "auto", description = "Backend id or auto. Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--debug", description = "Print stack traces on errors.")
    boolean debug;

    private final Backends backends;
    private final MethodCatalog catalog;

    @Inject
    public EvalCommand(Backends backends, MethodCatalog catalog) {
        this.backends = backends;
        this.catalog = catalog;
    }

    @Override
    public Integer call() throws Exception {
        ModelFile.Loaded loaded = ModelFile.load(load, catalog.models(plugins));
        DataSplits splits = catalog.datasets(plugins).open(data);
        if (splits.test().targetKind() != Dataset.TargetKind.CLASSES) {
            throw new UserError("data set '" + data + "' has real-valued targets; eval scores class labels only");
        }
        int[] shape = splits.test().sampleShape();
        if (!Arrays.equals(shape, loaded.model().inputShape()) || splits.test().numClasses() != loaded.model().numClasses()) {
            throw new UserError("the model in " + load + " takes " + Arrays.toString(loaded.model().inputShape()) + " inputs and "
                    + loaded.model().numClasses() + " classes, but " + data + " has " + Arrays.toString(shape)
                    + " and " + splits.test().numClasses());
        }
        Evaluation e;
        try (ComputeBackend b = backends.choose(backend).open(0)) {
            e = Evaluator.evaluate(loaded.model(), DataLoader.forEvaluation(splits.test(), 256, loaded.normalization()), b);
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", loaded.model().name());
            out.put("testAccuracy", e.accuracy());
            out.put("testLoss", e.loss());
            out.put("samples", e.samples());
            out.put("params", loaded.model().parameterCount());
            out.put("units", loaded.model().unitCount());
            System.out.println(AtomicFiles.json().writeValueAsString(out));
        } else {
            System.out.printf(Locale.ROOT, "%s (%d units, %d params): test accuracy %.4f, loss %.4f on %d images%n",
                    loaded.model().name(), loaded.model().unitCount(), loaded.model().parameterCount(), e.accuracy(),
                    e.loss(), e.samples());
        }
        return 0;
    }
}
