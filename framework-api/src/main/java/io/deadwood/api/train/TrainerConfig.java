package io.deadwood.api.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.train.schedule.ScheduleConfig;

/**
 * How to train: epochs, batch sizes (used by whoever builds the batch sources), optimiser,
 * schedule, label smoothing, the run's seed (for model initialisation, data order and any
 * randomness a listener draws), and whether to evaluate after every epoch or only after the last.
 *
 * <p>From JSON: {@code epochs}, {@code batchSize} and {@code optimizer} are required; absent
 * {@code evalBatchSize} takes {@code batchSize}, {@code schedule} constant, {@code labelSmoothing} 0,
 * {@code seed} 0, {@code evaluateEveryEpoch} true. Unknown fields are refused.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainerConfig(int epochs, int batchSize, int evalBatchSize, OptimizerConfig optimizer,
                            ScheduleConfig schedule, double labelSmoothing, long seed, boolean evaluateEveryEpoch) {

    public TrainerConfig {
        if (epochs < 1) throw new IllegalArgumentException("trainer.epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("trainer.batchSize must be >= 1, got " + batchSize);
        if (evalBatchSize < 1) {
            throw new IllegalArgumentException("trainer.evalBatchSize must be >= 1, got " + evalBatchSize);
        }
        if (optimizer == null) throw new IllegalArgumentException("trainer.optimizer must be set, got null");
        if (schedule == null) throw new IllegalArgumentException("trainer.schedule must be set, got null");
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("trainer.labelSmoothing must be in [0, 1), got " + labelSmoothing);
        }
    }

    @JsonCreator
    static TrainerConfig fromJson(@JsonProperty("epochs") Integer epochs,
                                  @JsonProperty("batchSize") Integer batchSize,
                                  @JsonProperty("evalBatchSize") Integer evalBatchSize,
                                  @JsonProperty("optimizer") OptimizerConfig optimizer,
                                  @JsonProperty("schedule") ScheduleConfig schedule,
                                  @JsonProperty("labelSmoothing") Double labelSmoothing,
                                  @JsonProperty("seed") Long seed,
                                  @JsonProperty("evaluateEveryEpoch") Boolean evaluateEveryEpoch) {
        int e = epochs == null ? 0 : epochs;
        int b = batchSize == null ? 0 : batchSize;
        return new TrainerConfig(e, b, evalBatchSize == null ? b : evalBatchSize, optimizer,
                schedule == null ? ScheduleConfig.constant() : schedule,
                labelSmoothing == null ? 0 : labelSmoothing, seed == null ? 0 : seed,
                evaluateEveryEpoch == null || evaluateEveryEpoch);
    }

    /** A config with a constant schedule, no label smoothing, seed 0, evaluation every epoch. */
    public static TrainerConfig of(int epochs, int batchSize, OptimizerConfig optimizer) {
        return new TrainerConfig(epochs, batchSize, batchSize, optimizer, ScheduleConfig.constant(), 0, 0, true);
    }

    public TrainerConfig withSchedule(ScheduleConfig newSchedule) {
        return new TrainerConfig(epochs, batchSize, evalBatchSize, optimizer, newSchedule, labelSmoothing, seed,
                evaluateEveryEpoch);
    }

    public TrainerConfig withOptimizer(OptimizerConfig newOptimizer) {
        return new TrainerConfig(epochs, batchSize, evalBatchSize, newOptimizer, schedule, labelSmoothing, seed,
                evaluateEveryEpoch);
    }

    public TrainerConfig withSeed(long newSeed) {
        return new TrainerConfig(epochs, batchSize, evalBatchSize, optimizer, schedule, labelSmoothing, newSeed,
                evaluateEveryEpoch);
    }

    public TrainerConfig withLabelSmoothing(double newLabelSmoothing) {
        return new TrainerConfig(epochs, batchSize, evalBatchSize, optimizer, schedule, newLabelSmoothing, seed,
                evaluateEveryEpoch);
    }

    public TrainerConfig withEvaluateEveryEpoch(boolean every) {
        return new TrainerConfig(epochs, batchSize, evalBatchSize, optimizer, schedule, labelSmoothing, seed, every);
    }
}
