package io.deadwood.api.optim;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-parameter optimiser state keyed by Parameter identity: two parameters with equal names or
 * values are still different parameters, and surgery swaps a parameter's value but keeps the object.
 */
final class SlotStore {
    /** Slots plus the number of updates this parameter has had (Adam's bias correction counts per parameter). */
    static final class State {
        Tensor[] slots;
        long steps;

        State(Tensor[] slots) { this.slots = slots; }
    }

    private final List<String> names;
    private final Map<Parameter, State> states = new IdentityHashMap<>();

    SlotStore(List<String> names) { this.names = List.copyOf(names); }

    List<String> names() { return names; }

    /** The state of p, created with zeros of p's current shape on first use; checks the shapes still agree. */
    State stateFor(Parameter p) {
        State s = states.get(p);
        Tensor value = p.value();
        if (s == null) {
            Tensor[] slots = new Tensor[names.size()];
            for (int i = 0; i < slots.length; i++) slots[i] = Tensor.zeros(value.shape());
            s = new State(slots);
            states.put(p, s);
            return s;
        }
        for (int i = 0; i < s.slots.length; i++) {
            if (!s.slots[i].sameShape(value)) {
                throw new IllegalStateException("optimizer slot " + names.get(i) + " of parameter " + p.name()
                        + " has shape " + Arrays.toString(s.slots[i].shape()) + " but the parameter has "
                        + Arrays.toString(value.shape()) + "; resize the slots with replaceSlots when resizing the parameter");
            }
        }
        return s;
    }

    List<Tensor> slots(Parameter p) {
        State s = states.get(p);
        return s == null ? List.of() : List.of(s.slots);
    }

    void replace(Parameter p, List<Tensor> newSlots) {
        if (newSlots.size() != names.size()) {
            throw new IllegalArgumentException("expected " + names.size() + " slots " + names + " for parameter "
                    + p.name() + ", got " + newSlots.size());
        }
        int[] shape = newSlots.isEmpty() ? null : newSlots.getFirst().shape();
        for (int i = 0; i < newSlots.size(); i++) {
            if (!newSlots.get(i).hasShape(shape)) {
                throw new IllegalArgumentException("slot " + names.get(i) + " of parameter " + p.name() + " has shape "
                        + Arrays.toString(newSlots.get(i).shape()) + ", unlike " + Arrays.toString(shape));
            }
        }
        if (names.isEmpty()) return;
        State s = states.get(p);
        if (s == null) {
            states.put(p, new State(newSlots.toArray(Tensor[]::new)));
        } else {
            s.slots = newSlots.toArray(Tensor[]::new);
        }
    }

    void reset(Parameter p) { states.remove(p); }

    long steps(Parameter p) {
        State s = states.get(p);
        return s == null ? 0 : s.steps;
    }

    /** State read back from a checkpoint. */
    void restore(Parameter p, List<Tensor> slots, long steps) {
        replace(p, slots);
        State s = states.get(p);
        if (s != null) s.steps = steps;
    }
}
