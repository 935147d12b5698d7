package io.deadwood.api.prune;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.Conv2d;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.ResidualBlock;
import io.deadwood.api.nn.Sequential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unit groups of a model, found in one pass over its layers: a group starts at each prunable
 * producer and collects what follows until the next producer has consumed it. Residual blocks
 * contribute two groups (the middle channels and the block output) and treat an identity skip as a
 * channel selection, so the two sides of the add never need matching channel sets.
 */
public final class UnitGraph {
    private final Map<String, UnitGroup> groups;

    private UnitGraph(Map<String, UnitGroup> groups) {
        this.groups = groups;
    }

    public static UnitGraph of(Model model) {
        Walk walk = new Walk();
        walk.visit(model.network(), model.inputShape());
        walk.finish();
        return new UnitGraph(walk.done);
    }

    public List<UnitGroup> groups() { return List.copyOf(groups.values()); }

    public UnitGroup group(String name) {
        UnitGroup g = groups.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no unit group '" + name + "'; groups: " + String.join(", ", groups.keySet()));
        }
        return g;
    }

    public long totalUnits() {
        return groups.values().stream().mapToLong(UnitGroup::size).sum();
    }

    /** Mutable group under construction. */
    private static final class Builder {
        final String name;
        final int size;
        ReLU activation;
        final List<UnitGroup.Slice> producers = new ArrayList<>();
        final List<BatchNorm> norms = new ArrayList<>();
        final List<UnitGroup.Slice> consumers = new ArrayList<>();
        final List<ResidualBlock> rows = new ArrayList<>();
        final List<ResidualBlock> sources = new ArrayList<>();

        Builder(String name, int size) {
            this.name = name;
            this.size = size;
        }

        void produce(Parameter p) {
            producers.add(new UnitGroup.Slice(p, p.unitAxis(), 1));
        }

        void norm(BatchNorm bn) {
            norms.add(bn);
            bn.parameters().forEach(this::produce);
        }

        UnitGroup build() {
            if (activation == null) {
                throw new IllegalStateException("unit group '" + name + "' has no ReLU after it; Deadwood prunes units at their ReLU");
            }
            return new UnitGroup(name, size, activation, producers, norms, consumers, rows, sources);
        }
    }

    private static final class Walk {
        final Map<String, UnitGroup> done = new LinkedHashMap<>();
        final List<Builder> open = new ArrayList<>();
        Builder current;

        void start(Builder b) {
            open.add(b);
            current = b;
        }

        /** Each unit of the current group owns {@code block} consecutive inputs of the consumer. */
        void consume(Parameter weight, int block) {
            if (current == null) return;
            current.consumers.add(new UnitGroup.Slice(weight, weight.inputUnitAxis(), block));
        }

        /** A dense layer reads the flattened [C, H, W] input, so a channel owns H*W features. */
        int denseBlock(int[] shape) {
            int features = 1;
            for (int d : shape) features *= d;
            return current == null ? 1 : features / current.size;
        }

        void finish() {
            for (Builder b : open) {
                if (b.consumers.isEmpty() && b.rows.isEmpty()) continue;
                done.put(b.name, b.build());
            }
        }

        int[] visit(Layer layer, int[] shape) {
            switch (layer) {
                case Sequential seq -> {
                    for (Layer child : seq.layers()) shape = visit(child, shape);
                    return shape;
                }
                case ResidualBlock block -> {
                    return visitBlock(block, shape);
                }
                case Dense dense -> {
                    consume(dense.weight(), denseBlock(shape));
                    producer(dense.prunable(), dense.name(), dense.outFeatures(), dense.parameters());
                    return dense.outputShape(shape);
                }
                case Conv2d conv -> {
                    consume(conv.weight(), 1);
                    producer(conv.prunable(), conv.name(), conv.outChannels(), conv.parameters());
                    return conv.outputShape(shape);
                }
                case BatchNorm bn -> {
                    if (current != null) current.norm(bn);
                    return shape;
                }
                case ReLU relu -> {
                    if (current != null && current.activation == null) current.activation = relu;
                    return shape;
                }
                default -> {
                    if (!layer.parameters().isEmpty() || !layer.children().isEmpty()) {
                        throw new IllegalArgumentException("layer " + layer + " is not known to structured pruning; "
                                + "its parameters would not be cut with their units");
                    }
                    // Parameter-free layers (pooling, flatten) keep channels where they are.
                    return layer.outputShape(shape);
                }
            }
        }

        void producer(boolean prunable, String name, int units, List<Parameter> params) {
            if (!prunable) {
                current = null;
                return;
            }
            Builder b = new Builder(name, units);
            params.forEach(b::produce);
            start(b);
        }

        int[] visitBlock(ResidualBlock block, int[] shape) {
            Builder input = current;
            consume(block.conv1().weight(), 1);
            if (block.hasProjection()) {
                consume(block.shortcutConv().orElseThrow().weight(), 1);
            } else if (input != null) {
                input.sources.add(block);
            }
            Builder middle = new Builder(block.conv1().name(), block.conv1().outChannels());
            block.conv1().parameters().forEach(middle::produce);
            middle.norm(block.bn1());
            middle.activation = block.relu1();
            middle.consumers.add(new UnitGroup.Slice(block.conv2().weight(), block.conv2().weight().inputUnitAxis(), 1));
            open.add(middle);

            Builder out = new Builder(block.name() + ".out", block.conv2().outChannels());
            block.conv2().parameters().forEach(out::produce);
            out.norm(block.bn2());
            block.shortcutConv().ifPresent(c -> c.parameters().forEach(out::produce));
            block.shortcutBn().ifPresent(out::norm);
            if (!block.hasProjection()) out.rows.add(block);
            out.activation = block.relu2();
            start(out);
            return block.outputShape(shape);
        }
    }
}
