package io.deadwood.api.train;

import io.deadwood.api.backend.BatchScore;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.Batch;
import io.deadwood.api.data.BatchSource;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Loss and accuracy of a model on a split, in eval mode (BatchNorm running statistics, no caching).
 * Batches with class labels are scored by cross-entropy and accuracy; batches with real-valued
 * targets (a regression set) by the mean squared error, and their accuracy is NaN, since there is
 * no class to be right about.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * One pass over {@code data.epoch(0)}; loss is the sample-weighted mean of plain cross-entropy, or
     * of {@link ComputeBackend#meanSquaredError} for real-valued targets.
     */
    public static Evaluation evaluate(Model model, BatchSource data, ComputeBackend backend) {
        ExecutionContext ctx = new ExecutionContext(backend, false);
        double lossSum = 0;
        long correct = 0;
        long samples = 0;
        boolean regression = false;
        Iterator<Batch> it = data.epoch(0);
        while (it.hasNext()) {
            Batch b = it.next();
            checkBatch(b);
            Tensor logits = model.forward(b.images(), ctx);
            regression |= b.labels() == null;
            lossSum += loss(backend, logits, b, 0f, null) * b.size();
            correct += hits(logits, b);
            samples += b.size();
        }
        if (samples == 0) throw new IllegalArgumentException("evaluation split yielded no samples");
        return new Evaluation(lossSum / samples, regression ? Double.NaN : (double) correct / samples, samples);
    }

    /**
     * The batch's loss, writing d(loss)/d(logits) into grad when non-null: softmax cross-entropy with
     * the given label smoothing for class labels, the mean squared error for real-valued targets.
     */
    public static double loss(ComputeBackend backend, Tensor logits, Batch b, float labelSmoothing, Tensor grad) {
        return b.labels() == null ? backend.meanSquaredError(logits, b.targets(), grad)
                : backend.softmaxCrossEntropy(logits, b.labels(), labelSmoothing, grad);
    }

    /** Samples classified right; none for real-valued targets, where there is no class to be right about. */
    static int hits(Tensor logits, Batch b) {
        return b.labels() == null ? 0 : correct(logits, b.labels(), b.size());
    }

    /** Rows of logits[n, k] whose first maximum sits at the label. */
    public static int correct(Tensor logits, int[] labels, int n) {
        return BatchScore.hits(logits, labels, n);
    }

    static void checkBatch(Batch b) {
        if (b.labels() == null && b.targets() == null) {
            throw new IllegalArgumentException("batch of size " + b.size() + " has neither labels nor targets");
        }
        int targets = b.labels() != null ? b.labels().length : b.targets().length;
        if (b.size() < 1 || b.images().dim(0) != b.size() || targets < b.size()) {
            throw new IllegalArgumentException("batch of size " + b.size() + " has images " + Arrays.toString(
                    b.images().shape()) + " and " + targets + (b.labels() != null ? " labels" : " targets")
                    + "; both must cover exactly its samples");
        }
    }
}
