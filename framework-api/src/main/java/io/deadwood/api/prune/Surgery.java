package io.deadwood.api.prune;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.UnitFollower;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.tensor.Slicing;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Physically removes units: every tensor of a unit group shrinks along its unit axis, together with
 * the optimiser's state for it, any weight mask on it, and whatever else the layers declared as
 * following the group (running statistics, unit masks, skip selections). The network afterwards computes what the network with
 * those units masked to zero computed.
 */
public final class Surgery {
    private Surgery() {
    }

    /**
     * Removes {@code units} (indices into the group, any order, no duplicates) from {@code group}.
     * Refuses to remove every unit: a group with no units would cut the network in two.
     *
     * @param optimizer the optimiser whose state follows the parameters (may be null)
     * @param masks     weight masks to slice along (may be null)
     */
    public static void remove(UnitGroup group, int[] units, Optimizer optimizer, WeightMasks masks) {
        boolean[] removed = new boolean[group.size()];
        for (int u : units) {
            if (u < 0 || u >= group.size()) {
                throw new IndexOutOfBoundsException("unit " + u + " outside group " + group.name() + " of " + group.size());
            }
            if (removed[u]) throw new IllegalArgumentException("unit " + u + " listed twice for " + group.name());
            removed[u] = true;
        }
        if (units.length == 0) return;
        if (units.length == group.size()) {
            throw new IllegalArgumentException("refusing to remove all " + group.size() + " units of " + group.name()
                    + "; at least one unit must stay");
        }
        int[] keep = keptIndices(removed);
        int[] newIndex = new int[removed.length];
        Arrays.fill(newIndex, -1);
        for (int i = 0; i < keep.length; i++) newIndex[keep[i]] = i;
        // Followers read their state before any tensor shrinks (an identity selection is sized from a width).
        List<Runnable> after = new ArrayList<>();
        for (UnitFollower f : group.followers()) after.add(f.follow(keep, newIndex));
        for (UnitGroup.Slice s : group.producers()) slice(s, keep, optimizer, masks);
        for (UnitGroup.Slice s : group.consumers()) slice(s, keep, optimizer, masks);
        after.forEach(Runnable::run);
    }

    private static void slice(UnitGroup.Slice s, int[] keep, Optimizer optimizer, WeightMasks masks) {
        Parameter p = s.parameter();
        List<Tensor> slots = optimizer == null ? List.of() : optimizer.slots(p);
        List<Tensor> newSlots = new ArrayList<>();
        for (Tensor slot : slots) newSlots.add(Slicing.keep(slot, s.axis(), keep, s.block()));
        Tensor mask = masks == null ? null : masks.get(p);
        p.replace(Slicing.keep(p.value(), s.axis(), keep, s.block()));
        if (!newSlots.isEmpty()) optimizer.replaceSlots(p, newSlots);
        if (mask != null) masks.replace(p, Slicing.keep(mask, s.axis(), keep, s.block()));
    }

    private static int[] keptIndices(boolean[] removed) {
        int n = 0;
        for (boolean r : removed) if (!r) n++;
        int[] keep = new int[n];
        int k = 0;
        for (int i = 0; i < removed.length; i++) if (!removed[i]) keep[k++] = i;
        return keep;
    }
}
