package io.deadwood.reproduce.cli;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.DataSplits;
import io.deadwood.api.data.DataSpecs;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.train.DivergedException;
import io.deadwood.api.train.TrainingReport;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model on a data set and write DIR/result.json.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    TrainOptions options = new TrainOptions();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for result.json.")
    Path out;

    @Option(names = "--debug", description = "Print stack traces on errors.")
    boolean debug;

    @Override
    public Integer call() {
        TrainRun.Config config = options.toConfig();
        OutputFolder folder = OutputFolder.prepare(out);
        TrainResult result;
        try {
            result = new TrainRun(config, new ConsoleProgress()).run();
        } catch (RuntimeException e) {
            folder.discardIfEmpty();
            throw e;
        }
        AtomicFiles.writeJson(folder.resolve("result.json"), result);
        if (result.error() != null) {
            throw new UserError(result.error() + " (recorded in " + folder.resolve("result.json") + ")");
        }
        System.out.printf(Locale.ROOT, "test accuracy %.4f after %d epochs in %.1f s; wrote %s%n",
                result.testAccuracy(), result.epochs().size(), result.wallSeconds(), folder.resolve("result.json"));
        return 0;
    }
}
