package io.deadwood.api.data;

import io.deadwood.api.tensor.Tensor;

/**
 * One mini-batch: normalised inputs {@code [size, C, H, W]} and either class labels (a
 * classification set; {@code targets} null) or {@code targets}, row-major {@code [size, targetSize]}
 * (a regression set; {@code labels} null). A loader may reuse the arrays for the next batch, so
 * consumers must not keep them past the step.
 */
public record Batch(Tensor images, int[] labels, float[] targets, int size) {
    /** A batch of class labels. */
    public Batch(Tensor images, int[] labels, int size) {
        this(images, labels, null, size);
    }
}
