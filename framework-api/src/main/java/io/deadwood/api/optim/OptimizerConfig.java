package io.deadwood.api.optim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which optimiser to build and its hyperparameters. Weight decay is decoupled (SGDW, AdamW): it
 * shrinks decayed parameters by {@code lr * weightDecay} each step, independent of the gradient.
 * Fields that one optimiser does not use (betas for SGD, momentum for AdamW) are still validated
 * and serialised, so a config file always reads back to an equal record.
 *
 * <p>When read from JSON, absent optional fields take the defaults of {@link #sgd}/{@link #adamw};
 * {@code name} and {@code lr} are required, and unknown fields are refused.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record OptimizerConfig(String name, double lr, double momentum, boolean nesterov, double weightDecay,
                              double beta1, double beta2, double eps) {

    public static final String SGD = "sgd";
    public static final String ADAMW = "adamw";

    static final double DEFAULT_MOMENTUM = 0.9;
    static final double DEFAULT_WEIGHT_DECAY = 5e-4;
    static final double DEFAULT_BETA1 = 0.9;
    static final double DEFAULT_BETA2 = 0.999;
    static final double DEFAULT_EPS = 1e-8;

    public OptimizerConfig {
        if (!SGD.equals(name) && !ADAMW.equals(name)) {
            throw new IllegalArgumentException("optimizer.name must be one of sgd, adamw, got " + name);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("optimizer.lr must be > 0, got " + lr);
        }
        requireUnitInterval("optimizer.momentum", momentum);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("optimizer.nesterov needs optimizer.momentum > 0, got 0");
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("optimizer.weightDecay must be >= 0, got " + weightDecay);
        }
        requireUnitInterval("optimizer.beta1", beta1);
        requireUnitInterval("optimizer.beta2", beta2);
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("optimizer.eps must be > 0, got " + eps);
        }
    }

    private static void requireUnitInterval(String field, double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(field + " must be in [0, 1), got " + v);
    }

    /** Reads JSON with defaults for absent optional fields; a missing name or lr fails validation. */
    @JsonCreator
    static OptimizerConfig fromJson(@JsonProperty("name") String name,
                                    @JsonProperty("lr") Double lr,
                                    @JsonProperty("momentum") Double momentum,
                                    @JsonProperty("nesterov") Boolean nesterov,
                                    @JsonProperty("weightDecay") Double weightDecay,
                                    @JsonProperty("beta1") Double beta1,
                                    @JsonProperty("beta2") Double beta2,
                                    @JsonProperty("eps") Double eps) {
        return new OptimizerConfig(name, lr == null ? Double.NaN : lr,
                or(momentum, DEFAULT_MOMENTUM), nesterov != null && nesterov,
                or(weightDecay, DEFAULT_WEIGHT_DECAY), or(beta1, DEFAULT_BETA1), or(beta2, DEFAULT_BETA2),
                or(eps, DEFAULT_EPS));
    }

    private static double or(Double v, double fallback) { return v == null ? fallback : v; }

    /** SGD with momentum 0.9 (heavy ball) and decoupled weight decay 5e-4. */
    public static OptimizerConfig sgd(double lr) {
        return new OptimizerConfig(SGD, lr, DEFAULT_MOMENTUM, false, DEFAULT_WEIGHT_DECAY,
                DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
    }

    /** AdamW with betas (0.9, 0.999), eps 1e-8 and decoupled weight decay 5e-4. */
    public static OptimizerConfig adamw(double lr) {
        return new OptimizerConfig(ADAMW, lr, DEFAULT_MOMENTUM, false, DEFAULT_WEIGHT_DECAY,
                DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
    }

    public OptimizerConfig withLr(double newLr) {
        return new OptimizerConfig(name, newLr, momentum, nesterov, weightDecay, beta1, beta2, eps);
    }

    public OptimizerConfig withMomentum(double newMomentum, boolean newNesterov) {
        return new OptimizerConfig(name, lr, newMomentum, newNesterov, weightDecay, beta1, beta2, eps);
    }

    public OptimizerConfig withWeightDecay(double newWeightDecay) {
        return new OptimizerConfig(name, lr, momentum, nesterov, newWeightDecay, beta1, beta2, eps);
    }

    public OptimizerConfig withBetas(double newBeta1, double newBeta2, double newEps) {
        return new OptimizerConfig(name, lr, momentum, nesterov, weightDecay, newBeta1, newBeta2, newEps);
    }
}
