package io.deadwood.reproduce.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.Augmentation;
import io.deadwood.api.data.DataLoader;
import io.deadwood.api.data.DataSpecs;
import io.deadwood.api.data.DataSplits;
import io.deadwood.api.data.Dataset;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelDigest;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.MachineProbe;
import io.deadwood.api.result.Provenance;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.train.DivergedException;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.TrainingReport;
import io.deadwood.api.train.schedule.ScheduleConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One training run from a resolved configuration to a {@link TrainResult}. */
public final class TrainRun {

    /** Everything a run depends on; recorded verbatim in the result's provenance. */
    public record Config(String model, double width, String data, int epochs, int batch, String optimizer,
                         double lr, double momentum, boolean nesterov, double weightDecay, String schedule,
                         double labelSmoothing, boolean augment, long seed, String backend,
                         int threads, int trainLimit) {
        public Config {
            require(epochs >= 1, "--epochs must be >= 1, got " + epochs);
            require(batch >= 1, "--batch must be >= 1, got " + batch);
            require(width > 0 && Double.isFinite(width), "--width must be > 0, got " + width);
            require(threads >= 0, "--threads must be >= 0, got " + threads);
            require(trainLimit >= 0, "--train-limit must be >= 0, got " + trainLimit);
            require(ModelZoo.names().contains(model),
                    "unknown model '" + model + "'; choose one of: " + String.join(", ", ModelZoo.names()));
        }

        private static void require(boolean ok, String message) {
            if (!ok) throw new UserError(message);
        }
    }

    private final Config config;
    private final ProgressListener progress;

    public TrainRun(Config config, ProgressListener progress) {
        this.config = config;
        this.progress = progress;
    }

    public TrainResult run() {
        long start = System.nanoTime();
        String startedAt = Instant.now().toString();
        TrainerConfig trainerConfig = trainerConfig();
        BackendProvider provider = Backends.discover().choose(config.backend());
        DataSplits splits = DataSpecs.load(config.data());
        Dataset train = config.trainLimit() > 0 ? splits.train().head(config.trainLimit()) : splits.train();
        Model model = buildModel(train, splits.test().numClasses());
        model.initialize(config.seed());
        long paramsBefore = model.parameterCount();
        long unitsBefore = model.unitCount();
        long flopsBefore = model.forwardFlops();

        Normalization norm = Normalization.fromTraining(train);
        DataLoader trainLoader = new DataLoader(train, config.batch(), norm,
                Augmentation.forSpec(config.data(), config.augment()), true, false, config.seed());
        DataLoader testLoader = DataLoader.forEvaluation(splits.test(), trainerConfig.evalBatchSize(), norm);

        try (ComputeBackend backend = provider.open(config.threads())) {
            Provenance provenance = provenance(splits, train, backend, provider, startedAt);
            TrainingReport report;
            try {
                report = new Trainer(trainerConfig, progress).train(model, trainLoader, testLoader, backend, List.of());
            } catch (DivergedException e) {
                return new TrainResult(TrainResult.SCHEMA, "diverged", config.model(), config.width(), config.data(),
                        Double.NaN, Double.NaN, List.of(), new TrainResult.Counts(paramsBefore, model.parameterCount()),
                        new TrainResult.Counts(unitsBefore, model.unitCount()),
                        new TrainResult.Counts(flopsBefore, model.forwardFlops()),
                        seconds(System.nanoTime() - start), ModelDigest.sha256(model), e.getMessage(), provenance);
            }
            return new TrainResult(TrainResult.SCHEMA, "completed", config.model(), config.width(), config.data(),
                    report.finalTestAccuracy(), report.finalTestLoss(), epochs(report),
                    new TrainResult.Counts(paramsBefore, report.finalParams()),
                    new TrainResult.Counts(unitsBefore, report.finalUnits()),
                    new TrainResult.Counts(flopsBefore, model.forwardFlops()),
                    seconds(System.nanoTime() - start), ModelDigest.sha256(model), null, provenance);
        }
    }

    private TrainerConfig trainerConfig() {
        try {
            OptimizerConfig opt = switch (config.optimizer()) {
                case OptimizerConfig.SGD -> OptimizerConfig.sgd(config.lr())
                        .withMomentum(config.momentum(), config.nesterov());
                case OptimizerConfig.ADAMW -> OptimizerConfig.adamw(config.lr());
                default -> throw new UserError("unknown optimizer '" + config.optimizer() + "'; choose sgd or adamw");
            };
            opt = opt.withWeightDecay(config.weightDecay());
            ScheduleConfig schedule = ScheduleConfig.parse(config.schedule());
            return TrainerConfig.of(config.epochs(), config.batch(), opt)
                    .withSchedule(schedule)
                    .withSeed(config.seed())
                    .withLabelSmoothing(config.labelSmoothing());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private Model buildModel(Dataset train, int numClasses) {
        try {
            return ModelZoo.create(config.model(), config.width(), train.sampleShape(), numClasses);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private Provenance provenance(DataSplits splits, Dataset train, ComputeBackend backend, BackendProvider provider,
                                  String startedAt) {
        List<io.deadwood.api.data.Dataset.SourceFile> files = new ArrayList<>(splits.train().sources());
        files.addAll(splits.test().sources());
        JsonNode configJson = AtomicFiles.json().valueToTree(config);
        return new Provenance(configJson, config.seed(),
                new Provenance.DataInfo(splits.spec(), train.name(), train.count(), splits.test().count(), files),
                new Provenance.BackendInfo(backend.id(), backend.threads(), provider.devices()),
                MachineProbe.software(), MachineProbe.machine(), startedAt);
    }

    private static List<TrainResult.EpochRecord> epochs(TrainingReport report) {
        List<TrainResult.EpochRecord> out = new ArrayList<>();
        for (EpochMetrics m : report.epochs()) {
            out.add(new TrainResult.EpochRecord(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.testLoss(),
                    m.testAccuracy(), m.imagesPerSecond(), seconds(m.wallNanos()), m.lr()));
        }
        return out;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
