package io.deadwood.api.backend;

/**
 * The smooth elementwise activations and their scalar definitions, which every backend's
 * {@link ComputeBackend#smoothForward} and {@link ComputeBackend#smoothBackward} reproduce up to float
 * rounding. Values are
 * computed in double and rounded once to float, in forms that neither overflow nor lose the tails:
 * the sigmoid takes exp of -|x| only, softplus is max(x, 0) + log1p(exp(-|x|)).
 *
 * <p>The derivative is written in terms of the output y alone, as for the ReLU, so a layer keeps its
 * own output for backward and never the input, which belongs to the layer before it.
 */
public enum SmoothActivation {
    /** 1 / (1 + exp(-x)); derivative y (1 - y). */
    SIGMOID,
    /** tanh(x); derivative 1 - y^2. */
    TANH,
    /** log(1 + exp(x)); derivative sigmoid(x) = 1 - exp(-y). */
    SOFTPLUS;

    /** The activation at x, in double. */
    public double value(double x) {
        return switch (this) {
            case SIGMOID -> {
                double e = Math.exp(-Math.abs(x));
                yield x >= 0 ? 1 / (1 + e) : e / (1 + e);
            }
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        };
    }

    /** The derivative at the point whose output is y, in double. */
    public double slope(double y) {
        return switch (this) {
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            case SOFTPLUS -> -Math.expm1(-y);
        };
    }

    /** The host's float for x. */
    public float apply(float x) {
        return (float) value(x);
    }

    /** The host's float for gy times the slope at output y. */
    public float gradient(float y, float gy) {
        return (float) (gy * slope(y));
    }
}
