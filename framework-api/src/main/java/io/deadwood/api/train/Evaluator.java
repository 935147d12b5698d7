package io.deadwood.api.train;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.Batch;
import io.deadwood.api.data.BatchSource;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;

/** Loss and accuracy of a model on a split, in eval mode (BatchNorm running statistics, no caching). */
public final class Evaluator {
    private Evaluator() {
    }

    /** One pass over {@code data.epoch(0)}; loss is the sample-weighted mean of plain cross-entropy. */
    public static Evaluation evaluate(Model model, BatchSource data, ComputeBackend backend) {
        ExecutionContext ctx = new ExecutionContext(backend, false);
        double lossSum = 0;
        long correct = 0;
        long samples = 0;
        Iterator<Batch> it = data.epoch(0);
        while (it.hasNext()) {
            Batch b = it.next();
            checkBatch(b);
            Tensor logits = model.forward(b.images(), ctx);
            lossSum += backend.softmaxCrossEntropy(logits, b.labels(), 0f, null) * b.size();
            correct += correct(logits, b.labels(), b.size());
            samples += b.size();
        }
        if (samples == 0) throw new IllegalArgumentException("evaluation split yielded no samples");
        return new Evaluation(lossSum / samples, (double) correct / samples, samples);
    }

    /** Rows of logits[n, k] whose first maximum sits at the label. */
    public static int correct(Tensor logits, int[] labels, int n) {
        int k = logits.dim(1);
        float[] d = logits.data();
        int hits = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            float bv = d[i * k];
            for (int j = 1; j < k; j++) {
                if (d[i * k + j] > bv) {
                    bv = d[i * k + j];
                    best = j;
                }
            }
            if (best == labels[i]) hits++;
        }
        return hits;
    }

    static void checkBatch(Batch b) {
        if (b.size() < 1 || b.images().dim(0) != b.size() || b.labels().length < b.size()) {
            throw new IllegalArgumentException("batch of size " + b.size() + " has images " + Arrays.toString(
                    b.images().shape()) + " and " + b.labels().length + " labels; both must cover exactly its samples");
        }
    }
}
