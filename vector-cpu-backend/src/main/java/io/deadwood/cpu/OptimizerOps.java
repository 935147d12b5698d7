package io.deadwood.cpu;

import io.deadwood.api.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGD and AdamW updates over contiguous ranges. The SGD body uses plain multiplies and adds in the
 * reference's order (no fused multiply-add), so it matches the scalar oracle bit for bit.
 */
final class OptimizerOps {
    private static final VectorSpecies<Float> S = Kernels.S;
    private static final int L = Kernels.L;

    private final WorkerPool pool;
    private final WorkerPool.RangeBody sgdPart = this::sgdPart;
    private final WorkerPool.RangeBody adamwPart = this::adamwPart;

    // The update in progress, for its parts to read: a capturing lambda would be an allocation per
    // parameter per step. Hence the updates are synchronized.
    private float[] p, g, v, m;
    private float lr, momentum, decay, beta1, beta2, eps, inv1, inv2;
    private boolean nesterov;

    OptimizerOps(WorkerPool pool) {
        this.pool = pool;
    }

    synchronized void sgd(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, boolean nesterov, float weightDecay) {
        if (param.size() != grad.size() || (velocity != null && velocity.size() != param.size())) {
            throw new IllegalArgumentException("sgd: param " + param + ", grad " + grad + " and velocity " + velocity + " differ");
        }
        this.p = param.data();
        this.g = grad.data();
        this.v = velocity == null ? null : velocity.data();
        this.lr = lr;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.decay = lr * weightDecay;
        pool.forRange(p.length, ElementOps.ELEMENT_GRAIN, sgdPart);
    }

    private void sgdPart(int part, int from, int to) {
        float[] p = this.p, g = this.g, v = this.v;
        float lr = this.lr, momentum = this.momentum, decay = this.decay;
        boolean nesterov = this.nesterov;
        int i = from;
        for (; i <= to - L; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, i);
            FloatVector gv = FloatVector.fromArray(S, g, i);
            pv = pv.sub(pv.mul(decay));
            FloatVector step = gv;
            if (v != null) {
                FloatVector vv = FloatVector.fromArray(S, v, i).mul(momentum).add(gv);
                vv.intoArray(v, i);
                step = nesterov ? gv.add(vv.mul(momentum)) : vv;
            }
            pv.sub(step.mul(lr)).intoArray(p, i);
        }
        for (; i < to; i++) {
            p[i] -= decay * p[i];
            float step = g[i];
            if (v != null) {
                float vi = momentum * v[i] + g[i];
                v[i] = vi;
                step = nesterov ? g[i] + momentum * vi : vi;
            }
            p[i] -= lr * step;
        }
    }

    synchronized void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
               float eps, float weightDecay, long step) {
        if (step < 1) {
            throw new IllegalArgumentException("adamw step is 1-based, got " + step);
        }
        if (param.size() != grad.size() || m.size() != param.size() || v.size() != param.size()) {
            throw new IllegalArgumentException("adamw: param " + param + ", grad " + grad + ", m " + m + ", v " + v + " differ");
        }
        this.p = param.data();
        this.g = grad.data();
        this.m = m.data();
        this.v = v.data();
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decay = lr * weightDecay;
        this.inv1 = (float) (1 / (1 - Math.pow(beta1, step)));
        this.inv2 = (float) (1 / (1 - Math.pow(beta2, step)));
        pool.forRange(p.length, ElementOps.ELEMENT_GRAIN, adamwPart);
    }

    private void adamwPart(int part, int from, int to) {
        float[] p = this.p, g = this.g, md = this.m, vd = this.v;
        float lr = this.lr, beta1 = this.beta1, beta2 = this.beta2, eps = this.eps, decay = this.decay;
        float inv1 = this.inv1, inv2 = this.inv2;
        float b1c = 1 - beta1, b2c = 1 - beta2;
        int i = from;
        for (; i <= to - L; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, i);
            FloatVector gv = FloatVector.fromArray(S, g, i);
            pv = pv.sub(pv.mul(decay));
            FloatVector mv = FloatVector.fromArray(S, md, i).mul(beta1).add(gv.mul(b1c));
            FloatVector vv = FloatVector.fromArray(S, vd, i).mul(beta2).add(gv.mul(b2c).mul(gv));
            mv.intoArray(md, i);
            vv.intoArray(vd, i);
            FloatVector denom = vv.mul(inv2).lanewise(VectorOperators.SQRT).add(eps);
            pv.sub(mv.mul(inv1 * lr).div(denom)).intoArray(p, i);
        }
        for (; i < to; i++) {
            p[i] -= decay * p[i];
            md[i] = beta1 * md[i] + b1c * g[i];
            vd[i] = beta2 * vd[i] + b2c * g[i] * g[i];
            p[i] -= md[i] * (inv1 * lr) / ((float) Math.sqrt(vd[i] * inv2) + eps);
        }
    }
}
