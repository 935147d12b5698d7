package io.deadwood.api.prune;

import java.util.Optional;

/**
 * A pruning method, found with {@link java.util.ServiceLoader}. The provider is stateless: each
 * training run opens its own {@link PruningSession}.
 *
 * @param <C> the method's configuration: a record read with Jackson (unknown fields refused) whose
 *            compact constructor validates every field and names the one at fault
 */
public interface PruningMethod<C extends Record> {

    /** Stable id, {@code [a-z0-9-]+}, used on the command line. */
    String id();

    /** One line for {@code deadwood methods}. */
    String description();

    Class<C> configType();

    /** The configuration used when the user gives none (the papers' settings where they exist). */
    C defaultConfig();

    PruningSession open(C config, PruningContext context);

    /**
     * The optimiser the method's paper trains with, used by {@code deadwood train --method} when the
     * user names none of optimiser, learning rate and weight decay. A method whose mechanism depends on
     * its optimiser (DemP: units die far more often under Adam than under SGD) would otherwise be
     * judged under settings it was never meant for.
     */
    default Optional<TrainingDefaults> trainingDefaults() { return Optional.empty(); }

    /**
     * {@code config} changed so that the method prunes to {@code target} by the end of training, or
     * empty when the method cannot aim at that kind of sparsity with that config (the default: a
     * method that prunes by a criterion rather than to a quota). A suite that matches this method to
     * another's sparsity calls this and refuses the suite, naming the method, when it is empty; it
     * never writes a config field by name, so a field that means weight sparsity is never handed a
     * neuron sparsity.
     */
    default Optional<C> withSparsityTarget(C config, SparsityTarget target) { return Optional.empty(); }
}
