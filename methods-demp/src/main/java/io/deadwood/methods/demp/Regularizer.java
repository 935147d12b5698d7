package io.deadwood.methods.demp;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.UnitGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The penalty DemP adds to the loss, lambda times a sum over the parameters it targets, and its
 * gradient. The trainer cannot differentiate a listener's term, so the gradient is written here.
 */
public enum Regularizer {
    /** sum |gamma| over BatchNorm scales: a scale driven to zero leaves the unit at its (often negative) shift. */
    BN_L1(DempConfig.BN_L1) {
        @Override
        double penalty(float w) { return Math.abs(w); }

        @Override
        float gradient(float w) { return Math.signum(w); }

        @Override
        List<Parameter> targets(List<UnitGroup> groups) {
            List<Parameter> out = new ArrayList<>();
            for (UnitGroup g : groups) out.addAll(g.batchNormScales());
            return out;
        }
    },
    /** sum w^2 over producer weights. */
    L2(DempConfig.L2) {
        @Override
        double penalty(float w) { return (double) w * w; }

        @Override
        float gradient(float w) { return 2 * w; }
    },
    /**
     * sum max(w, 0)^2 over producer weights: a unit whose weights are all pushed non-positive reads
     * non-negative inputs (the previous ReLU's) into a non-positive pre-activation, and dies.
     */
    POSITIVE_L2(DempConfig.POSITIVE_L2) {
        @Override
        double penalty(float w) { return w > 0 ? (double) w * w : 0; }

        @Override
        float gradient(float w) { return w > 0 ? 2 * w : 0; }
    };

    private final String id;

    Regularizer(String id) {
        this.id = id;
    }

    public String id() { return id; }

    public static Regularizer of(String id) {
        for (Regularizer r : values()) if (r.id.equals(id)) return r;
        throw new IllegalArgumentException("unknown regularizer '" + id + "'");
    }

    abstract double penalty(float w);

    abstract float gradient(float w);

    /** The parameters this term covers, taken from the groups of prunable units. */
    List<Parameter> targets(List<UnitGroup> groups) {
        List<Parameter> out = new ArrayList<>();
        for (UnitGroup g : groups) out.addAll(g.producerWeights());
        return out;
    }

    /** sum of the per-weight penalty (without lambda). */
    public double penalty(List<Parameter> params) {
        double s = 0;
        for (Parameter p : params) {
            float[] w = p.value().data();
            for (float v : w) s += penalty(v);
        }
        return s;
    }

    /** Adds lambda times the penalty's gradient to each parameter's gradient. */
    public void addGradient(List<Parameter> params, double lambda) {
        if (lambda == 0) return;
        float l = (float) lambda;
        for (Parameter p : params) {
            float[] w = p.value().data(), g = p.grad().data();
            for (int i = 0; i < w.length; i++) g[i] += l * gradient(w[i]);
        }
    }
}
