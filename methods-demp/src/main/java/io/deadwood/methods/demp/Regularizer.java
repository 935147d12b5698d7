package io.deadwood.methods.demp;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Penalty;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.UnitGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The penalty DemP adds to the loss, lambda times a sum over the parameters it targets, and its
 * gradient. The trainer cannot differentiate a listener's term, so the gradient is written here, as
 * backend ops, so that the parameters stay where the backend holds them.
 */
public enum Regularizer {
    /** sum |gamma| over BatchNorm scales: a scale driven to zero leaves the unit at its (often negative) shift. */
    BN_L1(DempConfig.BN_L1, Penalty.L1) {
        @Override
        List<Parameter> targets(List<UnitGroup> groups) {
            List<Parameter> out = new ArrayList<>();
            for (UnitGroup g : groups) out.addAll(g.batchNormScales());
            return out;
        }
    },
    /** sum w^2 over producer weights. */
    L2(DempConfig.L2, Penalty.L2),
    /**
     * sum max(w, 0)^2 over producer weights: a unit whose weights are all pushed non-positive reads
     * non-negative inputs (the previous ReLU's) into a non-positive pre-activation, and dies.
     */
    POSITIVE_L2(DempConfig.POSITIVE_L2, Penalty.POSITIVE_L2);

    private final String id;
    private final Penalty penalty;

    Regularizer(String id, Penalty penalty) {
        this.id = id;
        this.penalty = penalty;
    }

    public String id() { return id; }

    public static Regularizer of(String id) {
        for (Regularizer r : values()) if (r.id.equals(id)) return r;
        throw new IllegalArgumentException("unknown regularizer '" + id + "'");
    }

    /** The per-weight penalty and its gradient. */
    Penalty penalty() { return penalty; }

    /** The parameters this term covers, taken from the groups of prunable units. */
    List<Parameter> targets(List<UnitGroup> groups) {
        List<Parameter> out = new ArrayList<>();
        for (UnitGroup g : groups) out.addAll(g.producerWeights());
        return out;
    }

    /** sum of the per-weight penalty (without lambda), over the parameters in order. */
    public double penalty(List<Parameter> params, ComputeBackend backend) {
        double s = 0;
        for (Parameter p : params) s = backend.penaltySum(penalty, p.value(), s);
        return s;
    }

    /** Adds lambda times the penalty's gradient to each parameter's gradient. */
    public void addGradient(List<Parameter> params, double lambda, ComputeBackend backend) {
        if (lambda == 0) return;
        float l = (float) lambda;
        for (Parameter p : params) backend.addPenaltyGradient(penalty, l, p.value(), p.grad());
    }
}
