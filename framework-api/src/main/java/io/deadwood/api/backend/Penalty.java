package io.deadwood.api.backend;

/**
 * Per-weight penalties that pruning methods add to the loss, with their (sub)gradients. The float
 * expressions here are the definition: every backend's {@link ComputeBackend#addPenaltyGradient}
 * and {@link ComputeBackend#penaltySum} compute exactly these, in this precision.
 */
public enum Penalty {
    /** |w|, subgradient sign(w) with sign(0) = 0: the "signed axpy" g += lambda * sign(w). */
    L1 {
        @Override public double value(float w) { return Math.abs(w); }
        @Override public float gradient(float w) { return Math.signum(w); }
    },
    /** w^2, gradient 2w. */
    L2 {
        @Override public double value(float w) { return (double) w * w; }
        @Override public float gradient(float w) { return 2 * w; }
    },
    /** max(w, 0)^2, gradient 2w where w is positive, else 0. */
    POSITIVE_L2 {
        @Override public double value(float w) { return w > 0 ? (double) w * w : 0; }
        @Override public float gradient(float w) { return w > 0 ? 2 * w : 0; }
    };

    /** The penalty of one weight, in double. */
    public abstract double value(float w);

    /** Its derivative, in float. */
    public abstract float gradient(float w);
}
