package io.deadwood.cpu;

import io.deadwood.api.tensor.Tensor;

/**
 * Softmax cross-entropy, split into whole rows; each row's loss is kept and the rows are added in
 * order, so the mean does not depend on the split. The per-row losses, the per-part probabilities
 * and the call's arguments live in fields reused from call to call, so the call is synchronized.
 */
final class LossOps {
    private final WorkerPool pool;
    private final WorkerPool.RangeBody rowsPart = this::rowsPart;
    private double[] rowLoss = new double[0];
    private final double[][] prob;

    // The call in progress.
    private float[] logits;
    private int[] labels;
    private float smoothing;
    private float[] grad;
    private int rows;
    private int classes;

    LossOps(WorkerPool pool) {
        this.pool = pool;
        this.prob = new double[pool.threads()][0];
    }

    synchronized double softmaxCrossEntropy(Tensor logits, int[] labels, float smoothing, Tensor grad) {
        int n = logits.dim(0), k = logits.dim(1);
        if (labels.length < n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " rows of logits");
        }
        if (rowLoss.length < n) rowLoss = new double[n];
        this.logits = logits.data();
        this.labels = labels;
        this.smoothing = smoothing;
        this.grad = grad == null ? null : grad.data();
        this.rows = n;
        this.classes = k;
        pool.forRange(n, Math.max(1, ElementOps.ELEMENT_GRAIN / (8 * k)), rowsPart);
        double total = 0;
        for (int i = 0; i < n; i++) total += rowLoss[i];
        return total / n;
    }

    private void rowsPart(int part, int from, int to) {
        int n = rows, k = classes;
        float[] ld = logits, gd = grad;
        if (this.prob[part].length < k) this.prob[part] = new double[k];
        double[] prob = this.prob[part];
        for (int i = from; i < to; i++) {
            int label = labels[i];
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("label " + label + " of row " + i + " is outside [0, " + k + ")");
            }
            int row = i * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) max = Math.max(max, ld[row + j]);
            double z = 0;
            for (int j = 0; j < k; j++) {
                prob[j] = Math.exp(ld[row + j] - max);
                z += prob[j];
            }
            double logZ = Math.log(z) + max;
            double loss = 0;
            for (int j = 0; j < k; j++) {
                double target = (j == label ? 1 - smoothing : 0) + smoothing / k;
                loss -= target * (ld[row + j] - logZ);
                if (gd != null) gd[row + j] = (float) ((prob[j] / z - target) / n);
            }
            rowLoss[i] = loss;
        }
    }
}
