package io.deadwood.api.optim;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.List;

/**
 * SGD with optional (Nesterov) momentum and decoupled weight decay, as in
 * {@link ComputeBackend#sgdUpdate}. One slot, {@code velocity}, when momentum is non-zero.
 */
public final class Sgd implements Optimizer {
    private final OptimizerConfig config;
    private final SlotStore store;
    private long steps;

    public Sgd(OptimizerConfig config) {
        if (!OptimizerConfig.SGD.equals(config.name())) {
            throw new IllegalArgumentException("Sgd needs optimizer.name sgd, got " + config.name());
        }
        this.config = config;
        this.store = new SlotStore(config.momentum() > 0 ? List.of("velocity") : List.of());
    }

    @Override public String name() { return OptimizerConfig.SGD; }
    @Override public OptimizerConfig config() { return config; }

    @Override
    public void step(List<Parameter> params, float lr, ComputeBackend backend) {
        float momentum = (float) config.momentum();
        float wd = (float) config.weightDecay();
        boolean hasVelocity = !store.names().isEmpty();
        // By index: where List.iterator() is not inlined (many list classes seen), each step would allocate one.
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            Tensor velocity = null;
            if (hasVelocity) {
                SlotStore.State s = store.stateFor(p);
                s.steps++;
                velocity = s.slots[0];
            }
            backend.sgdUpdate(p.value(), p.grad(), velocity, lr, momentum, config.nesterov(),
                    p.decayed() ? wd : 0f);
        }
        steps++;
    }

    @Override public List<String> slotNames() { return store.names(); }
    @Override public List<Tensor> slots(Parameter p) { return store.slots(p); }
    @Override public void replaceSlots(Parameter p, List<Tensor> newSlots) { store.replace(p, newSlots); }
    @Override public void resetSlots(Parameter p) { store.reset(p); }
    @Override public long stepCount() { return steps; }
    @Override public long slotSteps(Parameter p) { return store.steps(p); }
    @Override public void restoreSlots(Parameter p, List<Tensor> slots, long n) { store.restore(p, slots, n); }
    @Override public void restoreStepCount(long n) { steps = n; }
}
