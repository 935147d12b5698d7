package io.deadwood.control.learn;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.Augmentation;
import io.deadwood.api.data.DataLoader;
import io.deadwood.api.data.Dataset;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.PrunedTraining;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.control.ControlProblem;

/**
 * Fits a dynamics model to sampled trajectories by least squares on multi-step rollouts, through the
 * framework's trainer, so that any pruning method runs on it exactly as on an image classifier: the
 * method sees a model, a training split and a probe split, and cuts units while it trains.
 */
public final class SystemIdentification {
    private SystemIdentification() {
    }

    /**
     * What one fit left: the model (as pruned), the training report, the held-out errors, and for an
     * end-to-end fit what its planning loss did (null otherwise).
     */
    public record Fit(Model model, PrunedTraining.Report report, long unitsBefore, long unitsAfter, long paramsBefore,
                      long paramsAfter, double oneStepError, double rolloutError, double trainSeconds, EndToEnd.Report endToEnd) {
        public double neuronSparsity() { return unitsBefore == 0 ? 0 : 1 - (double) unitsAfter / unitsBefore; }
    }

    /** The trainer's settings: Adam without weight decay, a constant rate, the config's seed. */
    public static TrainerConfig trainerConfig(LearnConfig c) {
        return TrainerConfig.of(c.epochs(), c.batch(), OptimizerConfig.adamw(c.lr()).withWeightDecay(0)).withSeed(c.seed());
    }

    /**
     * Builds, initialises and trains a model on the data, with {@code method} (null: dense) and its
     * config, then measures its one-step and whole-rollout errors on the held-out trajectories.
     */
    public static Fit fit(ControlProblem p, DynamicsData data, LearnConfig c, ComputeBackend backend,
                          PruningMethod<?> method, JsonNode methodConfig) {
        Model model = DynamicsModel.create(p, c);
        model.initialize(c.seed());
        long units = model.unitCount(), params = model.parameterCount();
        Dataset train = data.windows(p.id() + "-train", data.train(), c.windowSteps());
        Dataset val = data.windows(p.id() + "-validation", data.validation(), c.windowSteps());
        Normalization none = Normalization.identity(1);
        DataLoader trainLoader = new DataLoader(train, c.batch(), none, Augmentation.none(), true, false, c.seed());
        PrunedTraining.Setup setup = new PrunedTraining.Setup(model, trainLoader, DataLoader.forEvaluation(val, 256, none),
                DataLoader.forEvaluation(train, 256, none), backend, trainerConfig(c), ProgressListener.NONE);
        long start = System.nanoTime();
        PrunedTraining.Report report = method == null ? PrunedTraining.dense(setup) : PrunedTraining.run(setup, method, methodConfig);
        double seconds = (System.nanoTime() - start) / 1e9;
        return measured(p, data, c, backend, model, report, units, params, seconds, null);
    }

    /** The fit's record, with the model's held-out errors measured as it is now. */
    static Fit measured(ControlProblem p, DynamicsData data, LearnConfig c, ComputeBackend backend, Model model,
                        PrunedTraining.Report report, long units, long params, double seconds, EndToEnd.Report endToEnd) {
        double oneStep = DynamicsModel.error(model, p, data, data.test(), 1, c, backend);
        double rollout = DynamicsModel.error(model, p, data, data.test(), data.test().intervals(), c, backend);
        return new Fit(model, report, units, model.unitCount(), params, model.parameterCount(), oneStep, rollout, seconds, endToEnd);
    }

    /**
     * End to end on the same budget: least squares for the first half of the epochs, then the second
     * half with the planning loss added ({@link EndToEnd}).
     */
    public static Fit fitEndToEnd(ControlProblem p, DynamicsData data, LearnConfig c, ComputeBackend backend, Planning planning,
                                  EndToEnd.Settings settings) {
        int first = Math.max(1, c.epochs() / 2);
        long start = System.nanoTime();
        Fit warm = fit(p, data, c.withEpochs(first), backend, null, null);
        EndToEnd.Report e2e = EndToEnd.train(p, warm.model(), data, c, c.epochs() - first, planning, backend, settings);
        return measured(p, data, c, backend, warm.model(), warm.report(), warm.unitsBefore(), warm.paramsBefore(),
                (System.nanoTime() - start) / 1e9, e2e);
    }

    /** The problem with the fitted model as its dynamics. */
    public static LearnedProblem learned(ControlProblem p, Model model, Scaling scaling) {
        return new LearnedProblem(p, FieldNetwork.of(DynamicsModel.field(model)), scaling);
    }
}
