package io.deadwood.api.prune;

import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.ResidualBlock;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.tensor.Slicing;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Physically removes units: every tensor of a unit group shrinks along its unit axis, together with
 * the optimiser's state for it, any weight mask on it, the BatchNorm running statistics, the ReLU's
 * unit mask and the residual skip selections. The network afterwards computes what the network with
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
        // Read before any tensor shrinks: an untouched identity selection is sized from the block's width.
        List<int[]> rowSelections = group.selectionRows().stream().map(ResidualBlock::skipSelection).toList();
        List<int[]> sourceSelections = group.selectionSources().stream().map(ResidualBlock::skipSelection).toList();
        for (UnitGroup.Slice s : group.producers()) slice(s, keep, optimizer, masks);
        for (UnitGroup.Slice s : group.consumers()) slice(s, keep, optimizer, masks);
        for (BatchNorm bn : group.norms()) {
            // gamma and beta were sliced as producers; the statistics follow them
            bn.replaceRunningStatistics(Slicing.keep(bn.runningMean(), 0, keep, 1), Slicing.keep(bn.runningVar(), 0, keep, 1));
        }
        ReLU relu = group.activation();
        boolean[] mask = relu.unitMask();
        if (mask != null) {
            boolean[] kept = new boolean[keep.length];
            for (int i = 0; i < keep.length; i++) kept[i] = mask[keep[i]];
            relu.setUnitMask(allTrue(kept) ? null : kept);
        }
        for (int b = 0; b < rowSelections.size(); b++) {
            int[] sel = rowSelections.get(b);
            int[] out = new int[keep.length];
            for (int i = 0; i < keep.length; i++) out[i] = sel[keep[i]];
            group.selectionRows().get(b).setSkipSelection(out);
        }
        int[] newIndex = new int[removed.length];
        Arrays.fill(newIndex, -1);
        for (int i = 0; i < keep.length; i++) newIndex[keep[i]] = i;
        for (int b = 0; b < sourceSelections.size(); b++) {
            int[] sel = sourceSelections.get(b);
            for (int j = 0; j < sel.length; j++) sel[j] = sel[j] < 0 ? -1 : newIndex[sel[j]];
            group.selectionSources().get(b).setSkipSelection(sel);
        }
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

    private static boolean allTrue(boolean[] b) {
        for (boolean v : b) if (!v) return false;
        return true;
    }
}
