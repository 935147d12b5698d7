package io.deadwood.api.backend;

import io.deadwood.api.tensor.Tensor;

/**
 * A training batch's mean loss and hits, as {@link ComputeBackend#scoreBatch} hands them over. A
 * device backend may still be computing them when the call returns; reading one waits until the
 * work before it has run, so a trainer reads them after {@link ComputeBackend#endStep}.
 */
public interface BatchScore {
    /** The mean softmax cross-entropy of the batch, as {@link ComputeBackend#softmaxCrossEntropy} returns it. */
    double loss();

    /** Rows whose first maximum sits at their label. */
    int hits();

    /** A score already known. */
    static BatchScore of(double loss, int hits) {
        return new BatchScore() {
            @Override public double loss() { return loss; }
            @Override public int hits() { return hits; }
        };
    }

    /** Rows of logits[n, k] whose first maximum sits at the label, read on the host. */
    static int hits(Tensor logits, int[] labels, int n) {
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
}
