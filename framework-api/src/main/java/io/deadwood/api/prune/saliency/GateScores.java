package io.deadwood.api.prune.saliency;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.UnitGraph;
import io.deadwood.api.prune.UnitGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unit scores from gates on the units' outputs (see {@link GateGradients}), one array per unit
 * group, keyed by group name. Both are first-order quantities in a dimensionless gate, so they share
 * one scale across groups and are ranked globally as they are, as the papers rank them.
 */
public final class GateScores {
    /**
     * Relative size of the weight step along the gradient for the finite difference in
     * {@link #gradientFlow}: small enough for the derivative, large enough to stay well above float
     * rounding of the gradients.
     */
    public static final double STEP = 1e-3;

    private GateScores() {
    }

    /**
     * SNAP's connection sensitivity of each unit: |dL/dc|, the gate gradient averaged over the
     * scoring batches before the absolute value is taken (SNIP-it accumulates gradients over its
     * batches, then takes it).
     */
    public static Map<String, double[]> sensitivity(ProbePasses passes) {
        List<UnitGroup> groups = UnitGraph.of(passes.model()).groups();
        Map<String, double[]> sum = gateSums(passes, groups);
        sum.values().forEach(GateScores::abs);
        return sum;
    }

    /**
     * CroP's gradient-flow score of each unit: |d/dc (g . grad_theta L)|, with g the gradient of the
     * conv and dense kernels averaged over the scoring batches and held fixed, which is the
     * mixed Hessian-gradient product H_c,theta g. It is the directional derivative of the gate
     * gradient along g, taken here by a central difference: the gate gradients at theta + eps g and
     * theta - eps g, with eps = {@link #STEP} * |theta| / |g|. The kernels are put back bit for bit.
     */
    public static Map<String, double[]> gradientFlow(ProbePasses passes) {
        List<Parameter> kernels = new ArrayList<>();
        for (Parameter p : passes.model().parameters()) {
            if (p.value().rank() >= 2) kernels.add(p);
        }
        List<double[]> g = new ArrayList<>();
        for (Parameter p : kernels) g.add(new double[p.size()]);
        int[] batches = {0};
        passes.run(() -> {
            for (int k = 0; k < kernels.size(); k++) {
                float[] d = kernels.get(k).grad().data();
                double[] acc = g.get(k);
                for (int i = 0; i < d.length; i++) acc[i] += d[i];
            }
            batches[0]++;
        });
        double gNorm = 0, wNorm = 0;
        for (int k = 0; k < kernels.size(); k++) {
            double[] acc = g.get(k);
            float[] w = kernels.get(k).value().data();
            for (int i = 0; i < acc.length; i++) {
                acc[i] /= batches[0];
                gNorm += acc[i] * acc[i];
                wNorm += (double) w[i] * w[i];
            }
        }
        List<UnitGroup> groups = UnitGraph.of(passes.model()).groups();
        if (!(gNorm > 0)) {
            Map<String, double[]> zero = new LinkedHashMap<>();
            for (UnitGroup grp : groups) zero.put(grp.name(), new double[grp.size()]);
            return zero;
        }
        double eps = STEP * Math.sqrt(wNorm) / Math.sqrt(gNorm);
        List<float[]> original = new ArrayList<>();
        for (Parameter p : kernels) original.add(p.value().data().clone());
        Map<String, double[]> plus, minus;
        try {
            shift(kernels, original, g, eps);
            plus = gateSums(passes, groups);
            shift(kernels, original, g, -eps);
            minus = gateSums(passes, groups);
        } finally {
            for (int k = 0; k < kernels.size(); k++) {
                float[] v = original.get(k);
                System.arraycopy(v, 0, kernels.get(k).value().data(), 0, v.length);
            }
        }
        for (Map.Entry<String, double[]> e : plus.entrySet()) {
            double[] p = e.getValue(), m = minus.get(e.getKey());
            for (int u = 0; u < p.length; u++) p[u] = Math.abs((p[u] - m[u]) / (2 * eps));
        }
        return plus;
    }

    /** Gate gradients per group, averaged over the scoring batches (signed). */
    private static Map<String, double[]> gateSums(ProbePasses passes, List<UnitGroup> groups) {
        Map<String, double[]> sum = new LinkedHashMap<>();
        for (UnitGroup grp : groups) sum.put(grp.name(), new double[grp.size()]);
        int[] batches = {0};
        passes.run(() -> {
            for (UnitGroup grp : groups) {
                double[] s = GateGradients.of(grp), acc = sum.get(grp.name());
                for (int u = 0; u < s.length; u++) acc[u] += s[u];
            }
            batches[0]++;
        });
        for (double[] acc : sum.values()) {
            for (int u = 0; u < acc.length; u++) acc[u] /= batches[0];
        }
        return sum;
    }

    /** theta = theta0 + eps * g for every kernel. */
    private static void shift(List<Parameter> kernels, List<float[]> original, List<double[]> g, double eps) {
        for (int k = 0; k < kernels.size(); k++) {
            float[] w = kernels.get(k).value().data(), w0 = original.get(k);
            double[] d = g.get(k);
            for (int i = 0; i < w.length; i++) w[i] = (float) (w0[i] + eps * d[i]);
        }
    }

    private static void abs(double[] v) {
        for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]);
    }
}
