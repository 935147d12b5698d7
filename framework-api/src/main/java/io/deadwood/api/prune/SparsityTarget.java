package io.deadwood.api.prune;

/**
 * A sparsity a caller (a suite matching one method to another) asks a method to reach by the end of
 * training. The two kinds are different quantities: pruning 60% of the weights may remove no unit,
 * so a method is only ever handed the kind it declares it can aim at (see
 * {@link PruningMethod#withSparsityTarget}).
 *
 * @param kind  what is counted
 * @param value the fraction to remove, in [0, 1)
 */
public record SparsityTarget(Kind kind, double value) {

    /** What a sparsity counts. */
    public enum Kind {
        /** The fraction of prunable units (neurons, channels) removed. */
        NEURON,
        /** The fraction of prunable weights masked or removed. */
        WEIGHT;

        /** "neuron" or "weight", for messages. */
        public String word() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public SparsityTarget {
        if (kind == null) throw new IllegalArgumentException("a sparsity target needs a kind (NEURON or WEIGHT)");
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(kind.word() + " sparsity target must be in [0, 1), got " + value);
        }
    }

    public static SparsityTarget neurons(double value) { return new SparsityTarget(Kind.NEURON, value); }

    public static SparsityTarget weights(double value) { return new SparsityTarget(Kind.WEIGHT, value); }
}
