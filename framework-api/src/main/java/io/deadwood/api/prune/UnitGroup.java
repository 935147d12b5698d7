package io.deadwood.api.prune;

import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.UnitFollower;
import java.util.List;

/**
 * Units that must be cut together: the outputs of one or more producers (a conv or dense layer, a
 * projection shortcut), the BatchNorm channels that follow them, the ReLU where the units are
 * observed, and the matching inputs of every consumer. Built by {@link UnitGraph}; stale after any
 * surgery, so read groups afresh from the graph after cutting.
 *
 * @param name        the producer's name ({@code fc1}, {@code stage1.block1.conv1}) or the block's
 *                    name plus {@code .out} for a residual block's output channels
 * @param size        units in the group now
 * @param activation  the ReLU whose output channels are these units
 * @param producers   parameters sliced on their unit axis: producer weights and biases, BatchNorm
 *                    scale and shift
 * @param norms       BatchNorms over these units (their scale and shift are among the producers)
 * @param consumers   parameters sliced on their input-unit axis; each unit owns {@code block}
 *                    consecutive inputs there (a dense layer after Flatten reads H*W per channel)
 * @param followers   other state indexed by these units (running statistics, unit masks, skip
 *                    selections), as the layers declared it
 */
public record UnitGroup(String name, int size, ReLU activation, List<Slice> producers, List<BatchNorm> norms,
                        List<Slice> consumers, List<UnitFollower> followers) {

    public UnitGroup {
        producers = List.copyOf(producers);
        norms = List.copyOf(norms);
        consumers = List.copyOf(consumers);
        followers = List.copyOf(followers);
    }

    /** A parameter and the axis along which it belongs to this group's units. */
    public record Slice(Parameter parameter, int axis, int block) {
    }

    /** Producer weights (conv and dense kernels, not biases or BatchNorm parameters): for weight-norm scores. */
    public List<Parameter> producerWeights() {
        return producers.stream().map(Slice::parameter)
                .filter(p -> p.name().endsWith(".weight") && p.value().rank() >= 2).toList();
    }

    /** BatchNorm scales of this group, one per norm in {@link #norms()}. */
    public List<Parameter> batchNormScales() {
        return norms.stream().map(BatchNorm::gamma).toList();
    }
}
