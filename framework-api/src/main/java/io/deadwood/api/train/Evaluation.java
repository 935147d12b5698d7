package io.deadwood.api.train;

/** Mean cross-entropy and accuracy of a model over one pass of a split, in eval mode. */
public record Evaluation(double loss, double accuracy, long samples) {
}
