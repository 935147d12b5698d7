package io.deadwood.api.data;

import io.deadwood.api.tensor.Tensor;

/**
 * One mini-batch: normalised images [size, C, H, W] and labels. A loader may reuse the tensor for
 * the next batch, so consumers must not keep it past the step.
 */
public record Batch(Tensor images, int[] labels, int size) {
}
