package io.deadwood.api.prune;

/**
 * A method's own optimiser settings (see {@link PruningMethod#trainingDefaults()}).
 *
 * @param optimizer   {@code sgd} or {@code adamw}
 * @param lr          peak learning rate
 * @param weightDecay decoupled weight decay
 * @param source      where the values come from, shown to the user (for example the paper's script)
 */
public record TrainingDefaults(String optimizer, double lr, double weightDecay, String source) {
    public TrainingDefaults {
        if (!"sgd".equals(optimizer) && !"adamw".equals(optimizer)) {
            throw new IllegalArgumentException("training defaults: optimizer must be sgd or adamw, got " + optimizer);
        }
        if (!(lr > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("training defaults: lr must be > 0 and weight decay >= 0");
        }
    }
}
