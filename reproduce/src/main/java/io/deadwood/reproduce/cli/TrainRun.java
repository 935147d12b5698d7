package io.deadwood.reproduce.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.checkpoint.Checkpointing;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.DataLoader;
import io.deadwood.api.data.DatasetProviders;
import io.deadwood.api.data.DataSplits;
import io.deadwood.api.data.Dataset;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelDigest;
import io.deadwood.api.model.Models;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruneEvent;
import io.deadwood.api.prune.PrunedTraining;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.MachineProbe;
import io.deadwood.api.result.Provenance;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.train.DivergedException;
import io.deadwood.api.train.Evaluation;
import io.deadwood.api.train.Evaluator;
import io.deadwood.api.train.ProgressListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One training run, with or without a pruning method, from a resolved configuration to a {@link TrainResult}. */
public final class TrainRun {
    /** What a run produced: the result record, and the trained model with its input normalisation. */
    public record Outcome(TrainResult result, Model model, Normalization normalization) {
    }

    private final TrainConfig config;
    private final ProgressListener progress;
    private final PruningMethods methods;
    private final Models models;
    private final DatasetProviders datasets;
    private final Backends backends;
    private Path checkpointDir;
    private long checkpointEvery;
    private boolean fresh;

    /** Use {@link TrainRuns} to make one; it supplies the method and backend registries. */
    TrainRun(TrainConfig config, ProgressListener progress, PruningMethods methods, Models models,
             DatasetProviders datasets, Backends backends) {
        this.config = config;
        this.progress = progress;
        this.methods = methods;
        this.models = models;
        this.datasets = datasets;
        this.backends = backends;
    }

    /**
     * Checkpoints the run into {@code dir} at every epoch end and every {@code everySteps} steps
     * (0: epoch ends only), resuming from the newest good checkpoint there unless {@code fresh}.
     */
    public TrainRun checkpointing(Path dir, long everySteps, boolean fresh) {
        if (everySteps < 0) throw new UserError("--checkpoint-every must be >= 0, got " + everySteps);
        this.checkpointDir = dir;
        this.checkpointEvery = everySteps;
        this.fresh = fresh;
        return this;
    }

    public Outcome run() {
        long start = System.nanoTime();
        String startedAt = Instant.now().toString();
        var trainerConfig = config.trainerConfig();
        PruningMethod<?> method = null;
        JsonNode methodConfig = null;
        if (config.method() != null) {
            method = methods.get(config.method());
            // Read once here so a bad config fails before any data is loaded; recorded as resolved.
            methodConfig = PruningMethods.toJson(PruningMethods.readConfig(method, config.methodConfig()));
        }
        BackendProvider provider = backends.choose(config.backend());
        DataSplits splits = datasets.open(config.data());
        // The validation slice comes off the end of the whole training split, before any --train-limit,
        // so every run of a study validates on the same images whatever it trains on.
        int valCount = config.validationCount(splits.train().count());
        Dataset trainPool = splits.train().withoutTail(valCount);
        Dataset validation = valCount == 0 ? null : splits.train().tail(valCount);
        Dataset train = config.trainLimit() > 0 ? trainPool.head(config.trainLimit()) : trainPool;
        Dataset test = config.testLimit() > 0 ? splits.test().head(config.testLimit()) : splits.test();
        Model model = buildModel(train, splits.test().outputs());
        model.initialize(config.seed());
        long paramsBefore = model.parameterCount(), unitsBefore = model.unitCount(), flopsBefore = model.forwardFlops();
        long weightsBefore = PrunedTraining.kernelWeights(model, false);

        Normalization norm = Normalization.fromTraining(train);
        DataLoader trainLoader = new DataLoader(train, config.batch(), norm,
                datasets.augmentation(config.data(), config.augment()), true, false, config.seed());
        DataLoader testLoader = DataLoader.forEvaluation(test, trainerConfig.evalBatchSize(), norm);
        // The whole training split, unaugmented: DemP's dead check scans all of it, as its paper's code does;
        // a method that wants less stops early (UnitStatistics.probe's sample limit).
        DataLoader probe = DataLoader.forEvaluation(train, trainerConfig.evalBatchSize(), norm);

        try (ComputeBackend backend = provider.open(config.threads())) {
            Provenance provenance = provenance(splits, train, test, backend, provider, startedAt);
            var setup = new PrunedTraining.Setup(model, trainLoader, testLoader, probe, backend, trainerConfig, progress);
            if (checkpointDir != null) {
                ObjectNode runConfig = AtomicFiles.json().valueToTree(config);
                runConfig.set("methodConfig", methodConfig);
                Checkpointing checkpoints = new Checkpointing(checkpointDir, checkpointEvery, runConfig);
                if (fresh) checkpoints.clear();
                setup = setup.withCheckpointing(checkpoints);
            }
            TrainResult.MethodInfo methodInfo = method == null ? null : new TrainResult.MethodInfo(method.id(), methodConfig);
            PrunedTraining.Report report;
            try {
                report = method == null ? PrunedTraining.dense(setup) : PrunedTraining.run(setup, method, methodConfig);
            } catch (DivergedException e) {
                return new Outcome(new TrainResult(TrainResult.SCHEMA, "diverged", config.model(), config.width(),
                        config.data(), methodInfo, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of(),
                        new TrainResult.Counts(paramsBefore, model.parameterCount()),
                        new TrainResult.Counts(unitsBefore, model.unitCount()),
                        new TrainResult.Counts(flopsBefore, model.forwardFlops()), null, List.of(), Map.of(),
                        seconds(System.nanoTime() - start), ModelDigest.sha256(model), e.getMessage(), provenance,
                        Double.NaN, null, Double.NaN), model, norm);
            }
            long samples = report.epochs().size() * (long) trainLoader.samplesPerEpoch();
            var result = new TrainResult(TrainResult.SCHEMA, "completed", config.model(), config.width(), config.data(),
                    methodInfo, report.finalTestAccuracy(), report.finalTestLoss(),
                    1.0 - (double) model.unitCount() / unitsBefore,
                    1.0 - (double) PrunedTraining.kernelWeights(model, true) / weightsBefore,
                    epochs(report), new TrainResult.Counts(paramsBefore, model.parameterCount()),
                    new TrainResult.Counts(unitsBefore, model.unitCount()),
                    new TrainResult.Counts(flopsBefore, model.forwardFlops()),
                    new TrainResult.TrainingFlops(report.trainingFlops(), 3L * flopsBefore * samples),
                    pruneRecords(report.history()), report.methodSummary(),
                    seconds(System.nanoTime() - start), ModelDigest.sha256(model), null, provenance,
                    seconds(report.epochs().stream().mapToLong(r -> r.metrics().trainNanos()).sum()),
                    validate(model, validation, trainerConfig.evalBatchSize(), norm, backend), Double.NaN);
            return new Outcome(result, model, norm);
        }
    }

    private static TrainResult.Validation validate(Model model, Dataset validation, int batch, Normalization norm,
                                                   ComputeBackend backend) {
        if (validation == null) return null;
        Evaluation e = Evaluator.evaluate(model, DataLoader.forEvaluation(validation, batch, norm), backend);
        return new TrainResult.Validation((int) e.samples(), e.accuracy(), e.loss());
    }

    private Model buildModel(Dataset train, int numClasses) {
        try {
            return models.create(config.model(), config.width(), train.sampleShape(), numClasses);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private Provenance provenance(DataSplits splits, Dataset train, Dataset test, ComputeBackend backend,
                                  BackendProvider provider, String startedAt) {
        List<Dataset.SourceFile> files = new ArrayList<>(splits.train().sources());
        files.addAll(splits.test().sources());
        JsonNode configJson = AtomicFiles.json().valueToTree(config);
        return new Provenance(configJson, config.seed(),
                new Provenance.DataInfo(splits.spec(), train.name(), train.count(), test.count(), files),
                new Provenance.BackendInfo(backend.id(), backend.threads(), provider.devices()),
                MachineProbe.software(), MachineProbe.machine(), startedAt);
    }

    private static List<TrainResult.EpochRecord> epochs(PrunedTraining.Report report) {
        List<TrainResult.EpochRecord> out = new ArrayList<>();
        for (PrunedTraining.EpochRecord r : report.epochs()) {
            var m = r.metrics();
            out.add(new TrainResult.EpochRecord(r.epoch(), r.cycle(), m.trainLoss(), m.trainAccuracy(), m.testLoss(),
                    m.testAccuracy(), m.imagesPerSecond(), seconds(m.wallNanos()), m.lr(), m.units(), m.params(),
                    r.dnr(), r.weightSparsity(), r.unitsByGroup(), r.dnrByGroup(), r.trainingFlops()));
        }
        return out;
    }

    private static List<TrainResult.PruneRecord> pruneRecords(List<PruneEvent> history) {
        return history.stream().map(e -> new TrainResult.PruneRecord(e.cycle(), e.epoch(), e.step(), e.group(),
                e.sizeBefore(), e.units().length, e.reason())).toList();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
