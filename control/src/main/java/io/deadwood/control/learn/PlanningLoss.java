package io.deadwood.control.learn;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Parameter;
import io.deadwood.control.ControlProblem;
import java.util.List;

/**
 * The end-to-end planning loss around one warm start ({@link EndToEnd}): the TRUE cost where the
 * unrolled planner ends, over the true cost of the warm start, and its gradient in the model's
 * parameters. What depends on the warm start alone (the control bounds in scaled units, the warm
 * start's true cost, the planner's step) is fixed when it is made; the model's current weights are
 * read on every {@link #evaluate}. The step is fixed so that the loss is a smooth function of the
 * weights: a step renormalised on every call would move with them.
 */
public final class PlanningLoss {
    private final ControlProblem p;
    private final Scaling scaling;
    private final EndToEnd.Settings s;
    private final PlanGradients grads;
    private final double[] warm, lo, hi;
    private final double warmCost, eta;

    /**
     * @param warm held controls in the model's scaled units, one per interval (the steps are
     *             {@code warm.length / p.controls()})
     */
    public PlanningLoss(ControlProblem p, Model model, Scaling scaling, LearnConfig c, double[] warm, EndToEnd.Settings s,
                        ComputeBackend backend) {
        int m = p.controls(), steps = warm.length / m;
        this.p = p;
        this.scaling = scaling;
        this.s = s;
        this.warm = warm.clone();
        this.grads = new PlanGradients(p, model, scaling, c, steps, backend);
        this.lo = new double[warm.length];
        this.hi = new double[warm.length];
        double[] low = p.controlBounds().lower(), high = p.controlBounds().upper();
        for (int k = 0; k < steps; k++) {
            for (int j = 0; j < m; j++) {
                lo[k * m + j] = scaling.control(j, low[j]);
                hi[k * m + j] = scaling.control(j, high[j]);
            }
        }
        this.warmCost = EndToEnd.trueCost(p, warm, steps, scaling, null);
        this.eta = defined() ? firstStep() : 0;
    }

    /** Whether the loss can be taken: the warm start's true cost is finite and not zero (it divides by it). */
    public boolean defined() { return Double.isFinite(warmCost) && Math.abs(warmCost) > 1e-12; }

    /** The planner's step: the first step from the warm start moves the largest scaled control by {@code stepScale}. */
    public double eta() { return eta; }

    private double firstStep() {
        double[][] g = new double[1][warm.length];
        grads.evaluate(new double[][] {warm}, new double[] {1}, g);
        double max = 0;
        for (double v : g[0]) max = Math.max(max, Math.abs(v));
        return max > 0 ? s.stepScale() / max : 0;
    }

    /**
     * The loss at the model's current weights; its gradient in the parameters goes into {@code out} (one
     * array per parameter, made when missing).
     */
    public double evaluate(float[][] out) {
        if (!defined()) {
            throw new IllegalStateException("the warm start's true cost is " + warmCost + "; the planning loss divides by it");
        }
        int steps = warm.length / p.controls();
        int dim = warm.length, k = s.unroll();
        double[][] u = new double[k + 1][];
        boolean[][] free = new boolean[k][dim];
        u[0] = warm.clone();
        double[][] g = new double[1][dim];
        for (int j = 0; j < k; j++) {
            grads.evaluate(new double[][] {u[j]}, new double[] {1}, g);
            u[j + 1] = new double[dim];
            for (int e = 0; e < dim; e++) {
                double v = u[j][e] - eta * g[0][e];
                free[j][e] = v > lo[e] && v < hi[e];
                u[j + 1][e] = Math.min(Math.max(v, lo[e]), hi[e]);
            }
        }
        double[] bar = new double[dim];
        double loss = EndToEnd.trueCost(p, u[k], steps, scaling, bar) / Math.abs(warmCost);
        for (int e = 0; e < dim; e++) bar[e] /= Math.abs(warmCost);
        List<Parameter> params = grads.parameters();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null || out[i].length != params.get(i).size()) out[i] = new float[params.get(i).size()];
            java.util.Arrays.fill(out[i], 0f);
        }
        double[][] pair = new double[2][dim];
        for (int j = k - 1; j >= 0; j--) {
            double norm = 0;
            for (int e = 0; e < dim; e++) {
                if (!free[j][e]) bar[e] = 0;
                norm = Math.max(norm, Math.abs(bar[e]));
            }
            if (norm == 0) break;
            double eps = s.fdStep();
            double[][] rows = new double[2][dim];
            for (int e = 0; e < dim; e++) {
                rows[0][e] = u[j][e] + eps * bar[e] / norm;
                rows[1][e] = u[j][e] - eps * bar[e] / norm;
            }
            // Weights +-norm/(2 eps): the summed parameter gradient is the mixed derivative along bar, the
            // rows' control gradients differ by the Hessian along bar.
            double w = norm / (2 * eps);
            grads.evaluate(rows, new double[] {w, -w}, pair);
            for (int i = 0; i < out.length; i++) {
                float[] gp = params.get(i).grad().data();
                for (int e = 0; e < gp.length; e++) out[i][e] -= (float) (eta * gp[e]);
            }
            for (int e = 0; e < dim; e++) bar[e] -= eta * (pair[0][e] + pair[1][e]);
        }
        return loss;
    }
}
