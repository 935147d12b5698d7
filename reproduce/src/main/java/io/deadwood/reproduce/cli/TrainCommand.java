package io.deadwood.reproduce.cli;

import io.deadwood.api.checkpoint.CheckpointStore;
import io.deadwood.api.prune.MethodHookException;
import io.deadwood.api.prune.TrainingDefaults;
import java.util.Optional;

import io.deadwood.api.model.ModelFile;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.TrainResult;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model (optionally pruning it with a method) and write DIR/result.json.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    TrainOptions options = new TrainOptions();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for result.json.")
    Path out;

    @Option(names = "--save", paramLabel = "FILE", description = "Also save the trained (narrowed) model to FILE.")
    Path save;

    @Option(names = "--export-onnx", paramLabel = "OUT", description = "Also write the trained (narrowed) model as ONNX to OUT.")
    Path exportOnnx;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "0",
            description = "Also checkpoint every STEPS optimiser steps (checkpoints go to DIR/checkpoint/ at every epoch end). "
                    + "Rerunning the same command resumes from the newest good checkpoint.")
    long checkpointEvery;

    @Option(names = "--fresh", description = "Start over, ignoring (and removing) the checkpoints in DIR/checkpoint/.")
    boolean fresh;

    @Option(names = "--plugins", paramLabel = "DIR", description = Plugins.OPTION_HELP)
    Path plugins;

    @Option(names = "--debug", description = "Print stack traces on errors.")
    boolean debug;

    private final TrainRuns runs;

    @Inject
    public TrainCommand(TrainRuns runs) {
        this.runs = runs;
    }

    @Override
    public Integer call() {
        runs.checkPlugins(plugins);
        Optional<TrainingDefaults> own = runs.trainingDefaults(options.method, plugins);
        TrainConfig config = options.toConfig(own);
        if (own.isPresent() && options.optimizerUnset()) {
            TrainingDefaults d = own.get();
            System.out.printf(Locale.ROOT, "%s trains with its own optimiser: %s, lr %s, weight decay %s (%s); "
                    + "name --optimizer, --lr or --weight-decay to choose otherwise%n", options.method, d.optimizer(),
                    d.lr(), d.weightDecay(), d.source());
        }
        OutputFolder folder = OutputFolder.prepare(out);
        try (AutoCloseable lock = folder.lock()) {
            return train(config, folder);
        } catch (MethodHookException e) {
            folder.discardIfEmpty();
            throw new UserError(e.getMessage() + keptCheckpoints(folder), e);
        } catch (RuntimeException e) {
            folder.discardIfEmpty();
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int train(TrainConfig config, OutputFolder folder) {
        TrainRun.Outcome outcome = runs.create(config, new ConsoleProgress(), plugins)
                .checkpointing(folder.resolve("checkpoint"), checkpointEvery, fresh).run();
        TrainResult result = outcome.result();
        AtomicFiles.writeJson(folder.resolve("result.json"), result);
        io.deadwood.reproduce.report.TrainPage.write(folder.resolve("index.html"), result);
        if (result.error() != null) {
            throw new UserError(result.error() + " (recorded in " + folder.resolve("result.json") + ")");
        }
        if (save != null) {
            ModelFile.save(save, outcome.model(), config.width(), outcome.normalization());
        }
        if (exportOnnx != null) {
            io.deadwood.reproduce.onnx.OnnxFiles.write(exportOnnx, outcome.model(), config.width(), outcome.normalization());
        }
        // A regression run has no accuracy (NaN): its score is the test loss, the mean squared error.
        String score = Double.isNaN(result.testAccuracy()) && !Double.isNaN(result.testLoss())
                ? String.format(Locale.ROOT, "test mean squared error %.4g", result.testLoss())
                : String.format(Locale.ROOT, "test accuracy %.4f", result.testAccuracy());
        System.out.printf(Locale.ROOT, "%s after %d epochs in %.1f s%s; wrote %s%n",
                score, result.epochs().size(), result.wallSeconds(), pruned(result), folder.resolve("result.json"));
        return 0;
    }

    /**
     * A run that fails in a method's hook writes no result, and the folders it made for nothing are
     * gone by now; checkpoints it completed are whole and kept, so a fixed plugin resumes from them.
     */
    private static String keptCheckpoints(OutputFolder folder) {
        Path dir = folder.resolve("checkpoint");
        if (new CheckpointStore(dir).files().isEmpty()) return "";
        return "; the checkpoints in " + dir + " are kept: once the method is fixed, the same command resumes "
                + "from them (add --fresh to start over)";
    }

    private static String pruned(TrainResult r) {
        if (r.method() == null) return "";
        return String.format(Locale.ROOT, " (%s: units %d -> %d, neuron sparsity %.3f, weight sparsity %.3f)",
                r.method().id(), r.units().before(), r.units().after(), r.neuronSparsity(), r.weightSparsity());
    }
}
