package io.deadwood.control.learn;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.Augmentation;
import io.deadwood.api.data.Batch;
import io.deadwood.api.data.DataLoader;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.optim.Optimizers;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.Evaluator;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import io.deadwood.control.optim.ControlPlan;
import java.util.Iterator;
import java.util.List;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;

/**
 * End-to-end training, as Myriad does it: the model is trained by differentiating through a few
 * unrolled steps of a planner run on it, so that what improves is the plan, not the one-step fit.
 *
 * <p>The unrolled planner is projected gradient descent on the learned cost ({@link PlanGradients})
 * over the controls, from a warm start (the plan the real planner made on the model, renewed every
 * few epochs); the outer loss is the TRUE cost of where it ends, divided by the true cost of the warm
 * start (a fixed end state missed is charged as {@link PlanGradients} charges it), as
 * {@link PlanningLoss} computes it. Its gradient in the parameters runs backwards through the unrolled steps; the second
 * derivatives this needs (the learned cost's Hessian in the controls, and its mixed derivative in
 * controls and parameters, along one direction) are central differences of backend gradients, two
 * sequences in one batch. Each step of the planning loss is added to a least-squares step on a
 * minibatch, which keeps the model a model of the system.
 */
public final class EndToEnd {

    /**
     * @param unroll      planner steps differentiated through
     * @param stepScale   the planner's first step moves the largest scaled control by this much
     * @param weight      weight of the planning gradient, whose norm is at most the least-squares gradient's times this
     * @param every       a planning-loss step on every this many minibatches
     * @param replanEvery epochs between renewals of the warm start
     * @param fdStep      central-difference step along the (normalised) direction, in scaled control units
     */
    public record Settings(int unroll, double stepScale, double weight, int every, int replanEvery, double fdStep) {
        public static final Settings DEFAULT = new Settings(5, 0.1, 1.0, 8, 5, 1e-2);
    }

    /** What the planning loss did: the true cost ratio at the first and the last planning step. */
    public record Report(double firstRatio, double lastRatio, int planningSteps) {
    }

    private EndToEnd() {
    }

    /**
     * Trains {@code model} for {@code epochs} more epochs with the same optimiser settings as
     * {@link SystemIdentification}, least squares on every minibatch and the planning loss on some.
     */
    public static Report train(ControlProblem p, Model model, DynamicsData data, LearnConfig c, int epochs, Planning planning,
                               ComputeBackend backend, Settings s) {
        int steps = data.train().intervals(), m = p.controls();
        Scaling scaling = data.scaling();
        DataLoader loader = new DataLoader(data.windows(p.id() + "-train", data.train(), c.windowSteps()), c.batch(),
                Normalization.identity(1), Augmentation.none(), true, false, c.seed() + 1);
        Optimizer optimizer = Optimizers.create(SystemIdentification.trainerConfig(c).optimizer());
        ExecutionContext train = new ExecutionContext(backend, true);
        List<Parameter> params = model.parameters();
        float[][] planGrad = new float[params.size()][];
        PlanningLoss loss = null;
        double first = Double.NaN, last = Double.NaN;
        int planningSteps = 0;
        Tensor gradOut = null;
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (epoch % s.replanEvery() == 0) {
                Planning.Scored plan = planning.plan(SystemIdentification.learned(p, model, scaling), p);
                loss = new PlanningLoss(p, model, scaling, c, scaledHeld(plan.controls(), steps, m, scaling), s, backend);
            }
            Iterator<Batch> it = loader.epoch(epoch);
            for (int b = 0; it.hasNext(); b++) {
                boolean planStep = b % s.every() == 0 && loss.defined();
                if (planStep) {
                    double ratio = loss.evaluate(planGrad);
                    if (Double.isNaN(first)) first = ratio;
                    last = ratio;
                    planningSteps++;
                }
                Batch batch = it.next();
                Tensor y = model.forward(batch.images(), train);
                if (gradOut == null || !gradOut.sameShape(y)) gradOut = Tensor.zeros(y.shape());
                Evaluator.loss(backend, y, batch, 0f, gradOut);
                model.backward(gradOut, train);
                if (planStep) addPlanning(params, planGrad, s.weight());
                optimizer.step(params, (float) c.lr(), backend);
                model.touch();
            }
        }
        return new Report(first, last, planningSteps);
    }

    /**
     * Adds the planning gradient to the least-squares one, scaled down when its norm exceeds the
     * least-squares gradient's times {@code weight}: a planning loss can pull far harder than the fit
     * (on bacteria an unscaled one wrecked the model), and the fit is what keeps it a model.
     */
    private static void addPlanning(List<Parameter> params, float[][] plan, double weight) {
        double fit = 0, planning = 0;
        for (int i = 0; i < params.size(); i++) {
            float[] g = params.get(i).grad().data();
            for (int e = 0; e < g.length; e++) {
                fit += (double) g[e] * g[e];
                planning += (double) plan[i][e] * plan[i][e];
            }
        }
        double scale = planning == 0 ? 0 : weight * Math.min(1, Math.sqrt(fit / planning));
        for (int i = 0; i < params.size(); i++) {
            float[] g = params.get(i).grad().data();
            for (int e = 0; e < g.length; e++) g[e] += (float) (scale * plan[i][e]);
        }
    }

    /** Held controls, one per interval, in scaled units, read from a plan at the interval starts. */
    static double[] scaledHeld(ControlPlan plan, int steps, int m, Scaling scaling) {
        double[] out = new double[steps * m];
        for (int k = 0; k < steps; k++) {
            double[] u = plan.at(k, plan.horizon() * k / steps);
            for (int j = 0; j < m; j++) out[k * m + j] = scaling.control(j, u[j]);
        }
        return out;
    }

    /**
     * The true cost of held scaled controls (RK4, four substeps per interval), with its gradient in them
     * into {@code grad} when non-null: forward mode through the true system.
     */
    static double trueCost(ControlProblem p, double[] scaled, int steps, Scaling scaling, double[] grad) {
        int m = p.controls(), dim = scaled.length, substeps = p.discreteTime() ? 1 : 4;
        GradientField field = GradientField.getField(grad == null ? 1 : dim);
        double h = p.discreteTime() ? 1 : p.horizon() / steps / substeps;
        double[] x0 = p.initialState();
        Gradient[] x = new Gradient[x0.length];
        for (int i = 0; i < x.length; i++) x[i] = field.getZero().add(x0[i]);
        Gradient cost = field.getZero();
        double[] mean = scaling.controlMean(), scale = scaling.controlScale();
        for (int k = 0; k < steps; k++) {
            Gradient[] u = new Gradient[m];
            for (int j = 0; j < m; j++) {
                Gradient v = grad == null ? field.getZero().add(scaled[k * m + j])
                        : Gradient.variable(dim, k * m + j, scaled[k * m + j]);
                u[j] = v.multiply(scale[j]).add(mean[j]);
            }
            for (int sub = 0; sub < substeps; sub++) {
                Gradient t = field.getZero().add((k * substeps + sub) * h);
                Rollout.Step<Gradient> step = Rollout.step(p, Integrator.RK4, x, u, t, field.getZero().add(h));
                x = step.next();
                cost = cost.add(step.cost());
            }
        }
        cost = cost.add(p.terminalCost(x, field.getZero().add(p.horizon())));
        cost = cost.add(PlanGradients.endPenalty(p, scaling.stateScale(), x));
        if (grad != null) System.arraycopy(cost.getGradient(), 0, grad, 0, dim);
        return cost.getValue();
    }
}
