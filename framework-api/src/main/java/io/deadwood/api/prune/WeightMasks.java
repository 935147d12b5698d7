package io.deadwood.api.prune;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Unstructured masks: a 0/1 tensor per masked parameter. Masked weights are held at exactly zero:
 * their gradients are zeroed before the optimiser step and the weights again after it, so neither
 * momentum nor weight decay can revive them.
 */
public final class WeightMasks {
    private final Map<Parameter, Tensor> masks = new IdentityHashMap<>();

    /** Sets (replaces) the mask of {@code p}: 1 keeps a weight, 0 prunes it. Applies it at once. */
    public void set(Parameter p, Tensor mask) {
        if (!mask.hasShape(p.value().shape())) {
            throw new IllegalArgumentException("mask " + mask + " does not fit parameter " + p);
        }
        masks.put(p, mask);
        applyToWeights(p, mask);
    }

    public Tensor get(Parameter p) {
        return masks.get(p);
    }

    public boolean isEmpty() { return masks.isEmpty(); }

    public Map<Parameter, Tensor> all() { return Map.copyOf(masks); }

    public void clear() { masks.clear(); }

    /** Called by surgery after it sliced the mask together with its parameter. */
    void replace(Parameter p, Tensor sliced) {
        masks.put(p, sliced);
    }

    public void zeroMaskedGradients() {
        masks.forEach((p, m) -> multiply(p.grad(), m));
    }

    public void zeroMaskedWeights() {
        masks.forEach(WeightMasks::applyToWeights);
    }

    private static void applyToWeights(Parameter p, Tensor m) {
        multiply(p.value(), m);
    }

    private static void multiply(Tensor t, Tensor m) {
        float[] td = t.data(), md = m.data();
        for (int i = 0; i < td.length; i++) {
            if (md[i] == 0f) td[i] = 0f;
        }
    }

    /** Zero weights (masked or not) over all weights of the given parameters. */
    public static long countZeros(Iterable<Parameter> params) {
        long zeros = 0;
        for (Parameter p : params) {
            for (float v : p.value().data()) if (v == 0f) zeros++;
        }
        return zeros;
    }
}
