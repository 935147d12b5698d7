package io.deadwood.api.optim;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay, as in {@link ComputeBackend#adamwUpdate}. Two slots, {@code m}
 * and {@code v}. Bias correction counts each parameter's own updates, so a parameter whose state
 * was reset (or that joined later) starts its correction afresh, as in PyTorch.
 */
public final class AdamW implements Optimizer {
    private final OptimizerConfig config;
    private final SlotStore store = new SlotStore(List.of("m", "v"));
    private long steps;

    public AdamW(OptimizerConfig config) {
        if (!OptimizerConfig.ADAMW.equals(config.name())) {
            throw new IllegalArgumentException("AdamW needs optimizer.name adamw, got " + config.name());
        }
        this.config = config;
    }

    @Override public String name() { return OptimizerConfig.ADAMW; }
    @Override public OptimizerConfig config() { return config; }

    @Override
    public void step(List<Parameter> params, float lr, ComputeBackend backend) {
        float b1 = (float) config.beta1(), b2 = (float) config.beta2(), eps = (float) config.eps();
        float wd = (float) config.weightDecay();
        // By index: where List.iterator() is not inlined (many list classes seen), each step would allocate one.
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            SlotStore.State s = store.stateFor(p);
            s.steps++;
            backend.adamwUpdate(p.value(), p.grad(), s.slots[0], s.slots[1], lr, b1, b2, eps,
                    p.decayed() ? wd : 0f, s.steps);
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
