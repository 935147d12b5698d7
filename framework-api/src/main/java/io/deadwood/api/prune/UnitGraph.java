package io.deadwood.api.prune;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.UnitFollower;
import io.deadwood.api.nn.UnitWiring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unit groups of a model, found in one walk over its layers, each of which describes its own
 * units through {@link Layer#wireUnits}: a group starts at each prunable producer and collects what
 * follows until the next producer has consumed it. Only units observed at a ReLU form a group. Residual blocks contribute two groups (the
 * middle channels and the block output) and treat an identity skip as a channel selection, so the
 * two sides of the add never need matching channel sets.
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
        boolean opaque;
        final List<UnitGroup.Slice> producers = new ArrayList<>();
        final List<BatchNorm> norms = new ArrayList<>();
        final List<UnitGroup.Slice> consumers = new ArrayList<>();
        final List<UnitFollower> followers = new ArrayList<>();

        Builder(String name, int size) {
            this.name = name;
            this.size = size;
        }

        void produce(Parameter p) {
            producers.add(new UnitGroup.Slice(p, p.unitAxis(), 1));
        }

        UnitGroup build() {
            return new UnitGroup(name, size, activation, producers, norms, consumers, followers);
        }
    }

    private static final class Walk implements UnitWiring {
        final Map<String, UnitGroup> done = new LinkedHashMap<>();
        final List<Builder> open = new ArrayList<>();
        Builder current;

        @Override
        public int[] visit(Layer layer, int[] shape) {
            return layer.wireUnits(this, shape);
        }

        @Override
        public void consume(Parameter weight, int block) {
            if (current == null) return;
            current.consumers.add(new UnitGroup.Slice(weight, weight.inputUnitAxis(), block));
        }

        @Override
        public int flatBlock(int[] shape) {
            int features = 1;
            for (int d : shape) features *= d;
            return current == null ? 1 : features / current.size;
        }

        @Override
        public void produce(String group, int units, List<Parameter> params) {
            Builder b = new Builder(group, units);
            params.forEach(b::produce);
            open.add(b);
            current = b;
        }

        @Override
        public void alsoProduce(List<Parameter> params) {
            if (current != null) params.forEach(current::produce);
        }

        @Override
        public void normalize(BatchNorm norm, UnitFollower statistics) {
            if (current == null) return;
            current.norms.add(norm);
            norm.parameters().forEach(current::produce);
            current.followers.add(statistics);
        }

        @Override
        public void follow(UnitFollower follower) {
            if (current != null) current.followers.add(follower);
        }

        @Override
        public void activate(ReLU activation) {
            if (current != null && current.activation == null) current.activation = activation;
        }

        @Override
        public void endGroups() {
            current = null;
        }

        @Override
        public void opaque(Layer layer) {
            if (current != null) current.opaque = true;
            current = null;
        }

        void finish() {
            for (Builder b : open) {
                // Units nothing reads are the network's outputs: cutting them would change what it computes.
                // Units without a ReLU never die and have nowhere to be masked, so they are not pruned.
                if (b.opaque || b.consumers.isEmpty() || b.activation == null) continue;
                done.put(b.name, b.build());
            }
        }
    }
}
