package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;

/**
 * Sees a ReLU's output right after it is computed. Statistics (dead units, dead neuron rate, mean
 * activation) are gathered this way, and only while someone has asked for them.
 */
@FunctionalInterface
public interface ActivationObserver {
    void observe(ReLU layer, Tensor output, boolean training);
}
