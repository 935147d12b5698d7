package io.deadwood.api.prune.saliency;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.prune.structured.UnitNorms;
import java.util.ArrayList;
import java.util.List;

/**
 * The derivative of the loss with respect to a gate c (at c = 1) that scales each unit's output,
 * read off the parameter gradients of the last backward pass: scaling a unit's output by c is the
 * same as scaling the parameters that produce it, so dL/dc = sum of theta * dL/dtheta over them.
 * No gate has to be inserted into the network, so every backend gives it for free.
 *
 * <p>Where the group has BatchNorm the gate sits after it (its scale and shift are the producing
 * parameters): a gate before a training-mode BatchNorm would be normalised away and always read
 * zero. Without BatchNorm the gate sits on the producer's output (its weight rows and biases).
 */
public final class GateGradients {
    private GateGradients() {
    }

    /** dL/dc per unit of {@code group}, from the gradients now held by its parameters. */
    public static double[] of(UnitGroup group) {
        double[] s = new double[group.size()];
        for (Parameter p : gateParameters(group)) {
            int[] oi = UnitNorms.outerInner(p);
            float[] w = p.value().data(), g = p.grad().data();
            for (int o = 0; o < oi[0]; o++) {
                for (int u = 0; u < s.length; u++) {
                    int off = (o * s.length + u) * oi[1];
                    double acc = 0;
                    for (int i = 0; i < oi[1]; i++) acc += (double) w[off + i] * g[off + i];
                    s[u] += acc;
                }
            }
        }
        return s;
    }

    /** The parameters a gate on the group's output would scale: BatchNorm scale and shift, else the producers. */
    static List<Parameter> gateParameters(UnitGroup group) {
        List<Parameter> out = new ArrayList<>();
        if (!group.norms().isEmpty()) {
            group.norms().forEach(bn -> {
                out.add(bn.gamma());
                out.add(bn.beta());
            });
        } else {
            group.producers().forEach(s -> out.add(s.parameter()));
        }
        return out;
    }
}
