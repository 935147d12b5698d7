package io.deadwood.api.optim;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.List;

/**
 * Updates parameters from their gradients. State lives per parameter, keyed by the Parameter
 * object, as tensors of exactly the parameter's shape ("slots", e.g. SGD's velocity or Adam's two
 * moments), so that structured surgery can slice them along the same unit axes as the parameter
 * and hand them back with {@link #replaceSlots}. State is created lazily, with zeros of the
 * parameter's shape at the time of its first step.
 *
 * <p>A step fails if a parameter's shape no longer matches its slots: surgery that resized a
 * parameter without resizing its slots is a bug, and silently resetting the state would hide it.
 */
public interface Optimizer {

    /** {@code sgd} or {@code adamw}, as in {@link OptimizerConfig#name()}. */
    String name();

    OptimizerConfig config();

    /** One update of every parameter in {@code params} with learning rate {@code lr}. */
    void step(List<Parameter> params, float lr, ComputeBackend backend);

    /** Names of the slots every parameter carries, in the order {@link #slots} returns them. */
    List<String> slotNames();

    /**
     * The state tensors for {@code p}, in {@link #slotNames()} order, each the shape of {@code p};
     * empty when {@code p} has not been stepped yet or the optimiser keeps no state (SGD without
     * momentum). The tensors are live: writing into them changes the optimiser's state.
     */
    List<Tensor> slots(Parameter p);

    /**
     * Swaps in new state for {@code p} (after surgery sliced the old slots), in {@link #slotNames()}
     * order. Per-parameter step counts (Adam's bias correction) are kept.
     */
    void replaceSlots(Parameter p, List<Tensor> newSlots);

    /** Forgets the state of {@code p}; its next step starts from zeros, as for a new parameter. */
    void resetSlots(Parameter p);

    /** Calls to {@link #step} so far. */
    long stepCount();

    /** Updates {@code p} has had (Adam's bias correction count); 0 when it has no state. */
    default long slotSteps(Parameter p) {
        throw new UnsupportedOperationException(name() + " cannot save its state");
    }

    /** Restores the state of {@code p} from a checkpoint: its slots and its update count. */
    default void restoreSlots(Parameter p, List<Tensor> slots, long steps) {
        throw new UnsupportedOperationException(name() + " cannot restore its state");
    }

    /** Restores {@link #stepCount()} from a checkpoint. */
    default void restoreStepCount(long steps) {
        throw new UnsupportedOperationException(name() + " cannot restore its state");
    }
}
