package io.deadwood.reproduce.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.schedule.ScheduleConfig;

/**
 * Everything a training run depends on, resolved from the command line; recorded verbatim in the
 * result's provenance. {@code method} is null for a dense run.
 */
public record TrainConfig(String model, double width, String data, int epochs, int batch, String optimizer,
                          double lr, double momentum, boolean nesterov, double weightDecay, String schedule,
                          double labelSmoothing, boolean augment, long seed, String backend, int threads,
                          int trainLimit, int testLimit, double valSplit, String method, JsonNode methodConfig) {
    public TrainConfig {
        require(epochs >= 1, "--epochs must be >= 1, got " + epochs);
        require(batch >= 1, "--batch must be >= 1, got " + batch);
        require(width > 0 && Double.isFinite(width), "--width must be > 0, got " + width);
        require(threads >= 0, "--threads must be >= 0, got " + threads);
        require(trainLimit >= 0, "--train-limit must be >= 0, got " + trainLimit);
        require(testLimit >= 0, "--test-limit must be >= 0, got " + testLimit);
        require(valSplit >= 0 && Double.isFinite(valSplit) && (valSplit < 1 || valSplit == Math.rint(valSplit)),
                "--val-split must be a fraction in [0, 1) or a whole number of images, got " + valSplit);
        require(model != null && !model.isBlank(), "--model is empty; 'deadwood models' lists the choices");
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new UserError(message);
    }

    /** A copy on another number of threads (cells run side by side each get their share of the cores). */
    public TrainConfig withThreads(int newThreads) {
        return new TrainConfig(model, width, data, epochs, batch, optimizer, lr, momentum, nesterov, weightDecay, schedule,
                labelSmoothing, augment, seed, backend, newThreads, trainLimit, testLimit, valSplit, method, methodConfig);
    }

    /** A copy with another method config (a suite fills in a matched sparsity). */
    public TrainConfig withMethodConfig(JsonNode config) {
        return new TrainConfig(model, width, data, epochs, batch, optimizer, lr, momentum, nesterov, weightDecay, schedule,
                labelSmoothing, augment, seed, backend, threads, trainLimit, testLimit, valSplit, method, config);
    }

    /**
     * The same model, data and optimiser trained densely for {@code epochs} epochs of {@code steps}
     * steps each and evaluated on one batch: a suite's warm-up and reference steps.
     */
    public TrainConfig denseSteps(int epochs, int steps) {
        return new TrainConfig(model, width, data, epochs, batch, optimizer, lr, momentum, nesterov, weightDecay, schedule,
                labelSmoothing, augment, seed, backend, threads, steps * batch, batch, 0, null, null);
    }

    /**
     * Images carved off the end of a training split of {@code count} for validation: a fraction of it
     * when {@code valSplit} is below 1, else that many. Always leaves at least one image to train on.
     */
    public int validationCount(int count) {
        long n = valSplit < 1 ? Math.round(valSplit * count) : (long) valSplit;
        if (n >= count) {
            throw new UserError("--val-split " + (long) valSplit + " leaves nothing to train on: the training split has "
                    + count + " images; ask for fewer");
        }
        return (int) n;
    }

    /** The trainer's settings; invalid optimiser or schedule values become user errors naming the option. */
    public TrainerConfig trainerConfig() {
        try {
            OptimizerConfig opt = switch (optimizer) {
                case OptimizerConfig.SGD -> OptimizerConfig.sgd(lr).withMomentum(momentum, nesterov);
                case OptimizerConfig.ADAMW -> OptimizerConfig.adamw(lr);
                default -> throw new UserError("unknown optimizer '" + optimizer + "'; choose sgd or adamw");
            };
            return TrainerConfig.of(epochs, batch, opt.withWeightDecay(weightDecay))
                    .withSchedule(ScheduleConfig.parse(schedule))
                    .withSeed(seed)
                    .withLabelSmoothing(labelSmoothing);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
