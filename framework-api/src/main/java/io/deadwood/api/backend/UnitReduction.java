package io.deadwood.api.backend;

/** What {@link ComputeBackend#unitReduce} adds up per unit. */
public enum UnitReduction {
    /** x, as a double. */
    SUM,
    /** |x|: the L1 norm. */
    ABS,
    /** x^2 in double: the squared L2 norm. */
    SQUARE,
    /** 1 for each entry that is exactly zero (of either sign), else 0. */
    ZEROS;

    /** The term one entry adds. */
    public double term(float v) {
        return switch (this) {
            case SUM -> v;
            case ABS -> Math.abs(v);
            case SQUARE -> (double) v * v;
            case ZEROS -> v == 0f ? 1 : 0;
        };
    }
}
