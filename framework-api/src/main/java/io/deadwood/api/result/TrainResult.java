package io.deadwood.api.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The record a training run writes to {@code result.json}. Field names carry their units;
 * accuracies and sparsities are fractions in [0, 1].
 *
 * @param flops          forward FLOPs per sample of the network before and after training
 * @param trainingFlops  FLOPs the run spent training (3 x forward x samples, at each step's width)
 *                       and what the unpruned network would have spent on the same steps
 * @param trainSeconds   time spent in training steps (method hooks included; evaluation, data loading
 *                       and start-up excluded): what a speedup compares
 * @param validation     the final network on the validation slice carved from the training split
 *                       ({@code --val-split}); null when none was carved. Hyperparameters are chosen on it,
 *                       never on the test split.
 * @param referenceStepSeconds the time of one dense training step of the same model, measured by a
 *                       suite right before and after this run (their mean); a speedup divides each
 *                       run's time by it, so that the machine running faster or slower for a while
 *                       (shared cores) does not count as the method's doing. NaN outside suites.
 */
public record TrainResult(
        String schema,
        String status,
        String model,
        double width,
        String data,
        MethodInfo method,
        double testAccuracy,
        double testLoss,
        double neuronSparsity,
        double weightSparsity,
        List<EpochRecord> epochs,
        Counts params,
        Counts units,
        Counts flops,
        TrainingFlops trainingFlops,
        List<PruneRecord> pruneEvents,
        Map<String, Object> methodSummary,
        double wallSeconds,
        String modelSha256,
        String error,
        Provenance provenance,
        double trainSeconds,
        Validation validation,
        double referenceStepSeconds) {

    public static final String SCHEMA = "deadwood.train-result/2";

    public record MethodInfo(String id, JsonNode config) {
    }

    public record EpochRecord(int epoch, int cycle, double trainLoss, double trainAccuracy, double testLoss,
                              double testAccuracy, double imagesPerSecond, double wallSeconds, double learningRate,
                              long units, long params, double dnr, double weightSparsity,
                              Map<String, Integer> unitsByLayer,
                              Map<String, Double> dnrByLayer, long trainingFlops) {
    }

    /** A copy carrying the reference step time a suite measured around the run. */
    public TrainResult withReferenceStepSeconds(double seconds) {
        return new TrainResult(schema, status, model, width, data, method, testAccuracy, testLoss, neuronSparsity,
                weightSparsity, epochs, params, units, flops, trainingFlops, pruneEvents, methodSummary, wallSeconds,
                modelSha256, error, provenance, trainSeconds, validation, seconds);
    }

    /** Accuracy and mean cross-entropy of the final network on {@code samples} validation images. */
    public record Validation(int samples, double accuracy, double loss) {
    }

    public record Counts(long before, long after) {
    }

    public record TrainingFlops(long actual, long dense) {
    }

    /** A structured cut: at a step of a cycle, {@code removed} units left {@code group}. */
    public record PruneRecord(int cycle, int epoch, long step, String group, int sizeBefore, int removed, String reason) {
    }
}
