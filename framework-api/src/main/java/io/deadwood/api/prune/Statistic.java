package io.deadwood.api.prune;

/** Per-unit statistics a method can ask for. */
public enum Statistic {
    /** Units whose activation is zero on every probe input (eval mode). */
    DEAD_UNITS,
    /** Mean post-ReLU activation per unit on the probe set. */
    MEAN_ACTIVATION,
    /** Dynamic dead neuron rate during training, per layer. */
    DNR
}
