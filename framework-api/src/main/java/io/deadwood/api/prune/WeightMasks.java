package io.deadwood.api.prune;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.MethodOps;
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

    /** Zeroes masked gradients on the host; training steps use {@link #zeroMaskedGradients(ComputeBackend)}. */
    public void zeroMaskedGradients() {
        masks.forEach((p, m) -> MethodOps.applyMask(p.grad(), m));
    }

    /**
     * Zeroes masked gradients where the backend holds them (a device backend moves nothing to the
     * host); a null backend means the host.
     */
    public void zeroMaskedGradients(ComputeBackend backend) {
        if (backend == null) {
            zeroMaskedGradients();
        } else {
            masks.forEach((p, m) -> backend.applyMask(p.grad(), m));
        }
    }

    /** Zeroes masked weights on the host (after a rewind or re-initialisation, which are host work anyway). */
    public void zeroMaskedWeights() {
        masks.forEach(WeightMasks::applyToWeights);
    }

    /** Zeroes masked weights where the backend holds them: the per-step form (null: on the host). */
    public void zeroMaskedWeights(ComputeBackend backend) {
        if (backend == null) {
            zeroMaskedWeights();
        } else {
            masks.forEach((p, m) -> backend.applyMask(p.value(), m));
        }
    }

    private static void applyToWeights(Parameter p, Tensor m) {
        MethodOps.applyMask(p.value(), m);
    }

    /** Zero weights (masked or not) over all weights of the given parameters, counted on the host. */
    public static long countZeros(Iterable<Parameter> params) {
        long zeros = 0;
        for (Parameter p : params) {
            for (float v : p.value().data()) if (v == 0f) zeros++;
        }
        return zeros;
    }

    /** {@link #countZeros(Iterable)}, counted by the backend where it holds the weights. */
    public static long countZeros(Iterable<Parameter> params, ComputeBackend backend) {
        long zeros = 0;
        for (Parameter p : params) zeros += backend.countZeros(p.value());
        return zeros;
    }
}
