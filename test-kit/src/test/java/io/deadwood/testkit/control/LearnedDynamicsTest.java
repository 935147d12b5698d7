package io.deadwood.testkit.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.NeuralOde;
import io.deadwood.api.nn.OdeScheme;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.prune.UnitGraph;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.prune.Surgery;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.control.learn.DynamicsData;
import io.deadwood.control.learn.DynamicsModel;
import io.deadwood.control.learn.FieldNetwork;
import io.deadwood.control.learn.LearnConfig;
import io.deadwood.control.learn.LearnedProblem;
import io.deadwood.control.learn.Scaling;
import io.deadwood.control.learn.SystemIdentification;
import io.deadwood.control.Rollout;
import io.deadwood.testkit.ReferenceBackend;
import java.util.List;
import java.util.SplittableRandom;
import org.hipparchus.util.Binary64;
import org.junit.jupiter.api.Test;

/** Learning a control system's dynamics: gradients through the integrator, recovery, pruning. */
class LearnedDynamicsTest {
    private final ReferenceBackend backend = new ReferenceBackend();
    private final LinearSystem system = new LinearSystem();

    private static LearnConfig config(String activation, int hidden, int epochs, int window) {
        return new LearnConfig(60, 20, window, hidden, 2, activation, OdeScheme.RK4, epochs, 16, 3e-3, 0.2, 0.3, 5);
    }

    /**
     * The backend's gradients through four RK4 steps (16 runs of the field) equal central finite
     * differences of the same rollout computed in float64 from the same weights.
     */
    @Test
    void gradientsThroughTheIntegratorEqualFloat64FiniteDifferences() {
        LearnConfig c = config("tanh", 8, 1, 4);
        Model model = DynamicsModel.create(system, c);
        model.initialize(3);
        NeuralOde ode = (NeuralOde) ((Sequential) model.network()).layers().getFirst();
        int in = ode.inputSize(), out = ode.steps() * system.states();
        SplittableRandom rng = new SplittableRandom(9);
        float[] sample = new float[in], w = new float[out];
        for (int i = 0; i < in; i++) sample[i] = (float) (2 * rng.nextDouble() - 1);
        for (int i = 0; i < out; i++) w[i] = (float) (2 * rng.nextDouble() - 1);
        ExecutionContext train = new ExecutionContext(backend, true);
        model.forward(Tensor.wrap(sample.clone(), 1, 1, 1, in), train);
        float[] gx = model.backward(Tensor.wrap(w.clone(), 1, out), train).data().clone();

        for (int i = 0; i < in; i++) {
            double fd = central(model, ode, sample, w, i, null);
            assertEquals(fd, gx[i], 2e-4 * (1 + Math.abs(fd)), "input " + i);
        }
        int checked = 0;
        for (Parameter p : model.parameters()) {
            float[] g = p.grad().data().clone();
            for (int j = 0; j < g.length; j += 3, checked++) {
                double fd = central(model, ode, sample, w, j, p);
                assertEquals(fd, g[j], 2e-4 * (1 + Math.abs(fd)), p.name() + "[" + j + "]");
            }
        }
        assertTrue(checked > 30, "checked " + checked + " parameter entries");
    }

    /** d(sum w * rollout) / d(entry) in float64 by central differences, of the input or of a parameter. */
    private static double central(Model model, NeuralOde ode, float[] sample, float[] w, int index, Parameter p) {
        double eps = 1e-6;
        double[] plus = new double[2];
        for (int side = 0; side < 2; side++) {
            double delta = side == 0 ? eps : -eps;
            Binary64[] x = new Binary64[sample.length];
            for (int i = 0; i < x.length; i++) x[i] = new Binary64(sample[i] + (p == null && i == index ? delta : 0));
            FieldNetwork net = p == null ? FieldNetwork.of(ode.field()) : FieldNetwork.of(ode.field()).nudged(p.name(), index, delta);
            Binary64[] y = net.rollout(x, ode.states(), ode.controls(), ode.steps(), ode.stepSize(), ode.scheme());
            double s = 0;
            for (int i = 0; i < y.length; i++) s += w[i] * y[i].getReal();
            plus[side] = s;
        }
        return (plus[0] - plus[1]) / (2 * eps);
    }

    /**
     * With a linear field and noiseless data, the fitted model, mapped back out of its scaled units,
     * is the true system: A and B to 1e-3.
     */
    @Test
    void aLinearFieldRecoversTheTrueMatrices() {
        LearnConfig c = new LearnConfig(40, 20, 2, 1, 1, "relu", OdeScheme.RK4, 300, 16, 1e-2, 0.5, 0.3, 4);
        DynamicsData data = DynamicsData.sample(system, c, new double[] {-1}, new double[] {1});
        Dense linear = new Dense("f.linear", 3, 2, true, false);
        Model model = DynamicsModel.wrap(system, linear, c.windowSteps(), c);
        model.initialize(2);
        var setup = new io.deadwood.api.prune.PrunedTraining.Setup(model,
                new io.deadwood.api.data.DataLoader(data.windows("train", data.train(), c.windowSteps()), c.batch(),
                        io.deadwood.api.data.Normalization.identity(1), io.deadwood.api.data.Augmentation.none(), true, false, 1),
                io.deadwood.api.data.DataLoader.forEvaluation(data.windows("val", data.validation(), c.windowSteps()), 256,
                        io.deadwood.api.data.Normalization.identity(1)), null, backend,
                SystemIdentification.trainerConfig(c).withSchedule(io.deadwood.api.train.schedule.ScheduleConfig.cosine()),
                io.deadwood.api.train.ProgressListener.NONE);
        io.deadwood.api.prune.PrunedTraining.dense(setup);
        Scaling s = data.scaling();
        float[] w = linear.weight().value().data();
        double t = system.horizon();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double a = w[i * 3 + j] * s.stateScale()[i] / (t * s.stateScale()[j]);
                assertEquals(LinearSystem.A[i][j], a, 1e-3, "A[" + i + "][" + j + "]");
            }
            double b = w[i * 3 + 2] * s.stateScale()[i] / (t * s.controlScale()[0]);
            assertEquals(LinearSystem.B[i], b, 1e-3, "B[" + i + "]");
        }
    }

    /**
     * A trained ReLU dynamics model with a third of each hidden layer's units masked, then cut out by
     * surgery: the cut model predicts what the masked one did (the backend's outputs to float
     * rounding, the float64 field planners read bit for bit), with fewer units.
     */
    @Test
    void aDynamicsModelAfterSurgeryPredictsWhatTheMaskedOneDid() {
        LearnConfig c = config("relu", 12, 3, 4);
        DynamicsData data = DynamicsData.sample(system, c, new double[] {-1}, new double[] {1});
        SystemIdentification.Fit fit = SystemIdentification.fit(system, data, c, backend, null, null);
        Model model = fit.model();
        Tensor x = Tensor.wrap(data.windows("probe", data.test(), c.windowSteps()).inputs(), 6 * 17, 1, 1, 2 + 4);
        ExecutionContext eval = new ExecutionContext(backend, false);
        List<UnitGroup> groups = UnitGraph.of(model).groups();
        assertEquals(2, groups.size(), "two hidden layers of units");
        for (UnitGroup g : groups) {
            boolean[] keep = new boolean[g.size()];
            for (int u = 0; u < keep.length; u++) keep[u] = u % 3 != 1;
            g.activation().setUnitMask(keep);
        }
        float[] masked = model.forward(x, eval).data().clone();
        LearnedProblem maskedProblem = SystemIdentification.learned(system, model, data.scaling());
        double[][] points = {{0.3, -0.2, 0.5}, {-1, 1, -0.7}, {2, 0.1, 0}};
        double[][] maskedField = new double[points.length][];
        for (int i = 0; i < points.length; i++) maskedField[i] = field(maskedProblem, points[i]);

        for (UnitGroup g : UnitGraph.of(model).groups()) {
            int[] cut = java.util.stream.IntStream.range(0, g.size()).filter(u -> u % 3 == 1).toArray();
            Surgery.remove(g, cut, null, null);
        }
        assertEquals(fit.unitsBefore() - 8, model.unitCount(), "8 of 24 units cut");
        float[] after = model.forward(x, eval).data();
        for (int i = 0; i < masked.length; i++) assertEquals(masked[i], after[i], 1e-5 * (1 + Math.abs(masked[i])), "output " + i);
        LearnedProblem cutProblem = SystemIdentification.learned(system, model, data.scaling());
        for (int i = 0; i < points.length; i++) assertArrayEquals(maskedField[i], field(cutProblem, points[i]), 0.0, "field at " + i);
    }

    private static double[] field(LearnedProblem p, double[] xu) {
        Binary64[] x = {new Binary64(xu[0]), new Binary64(xu[1])};
        return Rollout.values(p.dynamics(x, new Binary64[] {new Binary64(xu[2])}, Binary64.ZERO));
    }

    /** The planners' Jacobians of a learned problem (the plain-double path) equal central finite differences. */
    @Test
    void aLearnedProblemsJacobiansEqualFiniteDifferences() {
        for (String activation : List.of("relu", "tanh")) {
            LearnConfig c = config(activation, 10, 1, 2);
            Model model = DynamicsModel.create(system, c);
            model.initialize(8);
            Scaling scaling = new Scaling(new double[] {0.1, -0.2}, new double[] {0.5, 2}, new double[] {0.3}, new double[] {1.5});
            LearnedProblem p = SystemIdentification.learned(system, model, scaling);
            double[] at = {0.4, -0.7, 0.25};
            org.hipparchus.analysis.differentiation.GradientField g = org.hipparchus.analysis.differentiation.GradientField.getField(3);
            var x = new org.hipparchus.analysis.differentiation.Gradient[2];
            x[0] = org.hipparchus.analysis.differentiation.Gradient.variable(3, 0, at[0]);
            x[1] = org.hipparchus.analysis.differentiation.Gradient.variable(3, 1, at[1]);
            var u = new org.hipparchus.analysis.differentiation.Gradient[] {org.hipparchus.analysis.differentiation.Gradient.variable(3, 2, at[2])};
            var dx = p.dynamics(x, u, g.getZero());
            for (int v = 0; v < 3; v++) {
                double[] plus = at.clone(), minus = at.clone();
                plus[v] += 1e-6;
                minus[v] -= 1e-6;
                double[] fp = field(p, plus), fm = field(p, minus);
                for (int i = 0; i < 2; i++) {
                    double fd = (fp[i] - fm[i]) / 2e-6;
                    assertEquals(fd, dx[i].getGradient()[v], 1e-6 * (1 + Math.abs(fd)), activation + " d f" + i + " / d v" + v);
                }
                assertEquals(field(p, at)[0], dx[0].getValue(), 1e-12, activation + " value");
            }
        }
    }

    /**
     * The end-to-end loss's gradient (backwards through five unrolled planner steps, with Hessian
     * products by central differences) agrees with a central difference of the loss itself along a
     * random direction in parameter space.
     */
    @Test
    void theEndToEndGradientMatchesADirectionalDifference() {
        LearnConfig c = config("tanh", 8, 1, 4);
        Model model = DynamicsModel.create(system, c);
        model.initialize(6);
        Scaling scaling = new Scaling(new double[] {0, 0}, new double[] {0.8, 1.2}, new double[] {0}, new double[] {1});
        int steps = 20;
        double[] warm = new double[steps];
        for (int k = 0; k < steps; k++) warm[k] = 0.3 * Math.sin(k / 3.0);
        io.deadwood.control.learn.EndToEnd.Settings s = io.deadwood.control.learn.EndToEnd.Settings.DEFAULT;
        List<Parameter> params = model.parameters();
        float[][] grad = new float[params.size()][];
        io.deadwood.control.learn.PlanningLoss loss = new io.deadwood.control.learn.PlanningLoss(system, model, scaling, c, warm, s,
                backend);
        loss.evaluate(grad);
        SplittableRandom rng = new SplittableRandom(4);
        float[][] dir = new float[params.size()][], keep = new float[params.size()][];
        double analytic = 0;
        for (int i = 0; i < params.size(); i++) {
            float[] v = params.get(i).value().data();
            keep[i] = v.clone();
            dir[i] = new float[v.length];
            for (int e = 0; e < v.length; e++) {
                dir[i][e] = (float) (2 * rng.nextDouble() - 1);
                analytic += dir[i][e] * grad[i][e];
            }
        }
        double delta = 1e-3;
        double[] side = new double[2];
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < params.size(); i++) {
                float[] v = params.get(i).value().data();
                for (int e = 0; e < v.length; e++) v[e] = (float) (keep[i][e] + (k == 0 ? delta : -delta) * dir[i][e]);
            }
            side[k] = loss.evaluate(new float[params.size()][]);
        }
        for (int i = 0; i < params.size(); i++) System.arraycopy(keep[i], 0, params.get(i).value().data(), 0, keep[i].length);
        double numeric = (side[0] - side[1]) / (2 * delta);
        assertTrue(Math.abs(numeric) > 1e-4, "the loss hardly depends on the weights: " + numeric);
        assertEquals(numeric, analytic, 0.03 * Math.abs(numeric), "directional derivative");
    }
}
