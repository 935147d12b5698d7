package io.deadwood.api.model;

import io.deadwood.api.nn.Parameter;

/**
 * Whether a model changed since this check was taken, for the trainer's question "does the last
 * evaluation still describe the model?" after end-of-training and end-of-cycle hooks.
 *
 * <p>The model's {@link Model#version() version} sees every change that goes through the framework
 * (surgery, restores, masks set through the pruner, training steps) and every {@link Model#touch()}.
 * A hook that writes parameter values in place and forgets to touch cannot be seen that way, so the
 * check also keeps a 64-bit fingerprint of the parameter values: one multiply and xor per value,
 * a fraction of a millisecond for a model of a million parameters, taken twice per training cycle.
 */
public final class ChangeCheck {
    private final Model model;
    private final long version;
    private final long fingerprint;

    private ChangeCheck(Model model) {
        this.model = model;
        this.version = model.version();
        this.fingerprint = fingerprint(model);
    }

    public static ChangeCheck of(Model model) {
        return new ChangeCheck(model);
    }

    public boolean changed() {
        return model.version() != version || fingerprint(model) != fingerprint;
    }

    private static long fingerprint(Model model) {
        long h = 0xcbf29ce484222325L;
        for (Parameter p : model.parameters()) {
            h = (h ^ p.size()) * 0x100000001b3L;
            for (float v : p.value().data()) h = (h ^ Float.floatToRawIntBits(v)) * 0x100000001b3L;
        }
        return h;
    }
}
