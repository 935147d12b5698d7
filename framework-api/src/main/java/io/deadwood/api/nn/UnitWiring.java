package io.deadwood.api.nn;

import java.util.List;

/**
 * What a layer tells structured pruning about its units, as the model is walked from input to output.
 * A walk keeps a current unit group: the units the layer being visited reads. A producer (a conv or
 * dense layer) consumes the current group and starts a new one; layers that act per unit
 * (BatchNorm, the ReLU) attach to the current group; parameter-free layers that keep channels where
 * they are (pooling, flatten) say nothing. A layer with parameters that says nothing is treated as
 * {@link #opaque}, so its neighbours' units are left alone rather than cut wrongly.
 */
public interface UnitWiring {

    /** Walks a child layer (containers) and returns its per-sample output shape. */
    int[] visit(Layer child, int[] inputShape);

    /** The current group's units are the inputs of {@code weight} along its input-unit axis, {@code block} entries each. */
    void consume(Parameter weight, int block);

    /** How many inputs of a flat (dense) consumer one current unit owns, for a [C, H, W] or flat input. */
    int flatBlock(int[] inputShape);

    /** Starts a new group of {@code units} produced by {@code params} (sliced on their unit axes); it becomes current. */
    void produce(String group, int units, List<Parameter> params);

    /** More parameters that produce the current group's units (a projection shortcut). */
    void alsoProduce(List<Parameter> params);

    /** A BatchNorm over the current units: its scale and shift are producers, its statistics follow. */
    void normalize(BatchNorm norm, UnitFollower statistics);

    /** Other state indexed by the current units. */
    void follow(UnitFollower follower);

    /** The ReLU where the current units are observed and die (the first one after the producer). */
    void activate(ReLU activation);

    /** Outputs that are never pruned (the classifier): there is no current group after this. */
    void endGroups();

    /** A layer whose use of its inputs pruning does not know: the current group may not be cut. */
    void opaque(Layer layer);
}
