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

}
