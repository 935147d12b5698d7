package io.deadwood.api.train;

/**
 * Mean loss and accuracy of a model over one pass of a split, in eval mode: cross-entropy for class
 * labels; for real-valued targets the mean squared error, with accuracy NaN.
 */
public record Evaluation(double loss, double accuracy, long samples) {
}
