package io.deadwood.control.learn;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.SmoothActivation;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Activation;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.NeuralOde;
import io.deadwood.api.nn.OdeScheme;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.control.ControlProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The model a control system's dynamics are learned with: a vector-field MLP f(x, u) inside a
 * {@link NeuralOde} that rolls it out over a training window. The hidden layers are the prunable
 * units (with ReLU); the output layer gives the derivatives and is never pruned.
 */
public final class DynamicsModel {
    private DynamicsModel() {
    }

    /** A fresh model (not initialised) for windows of {@code c.windowSteps()} steps. */
    public static Model create(ControlProblem p, LearnConfig c) {
        int n = p.states(), m = p.controls();
        List<Layer> layers = new ArrayList<>();
        boolean relu = c.activation().equals("relu");
        int in = n + m;
        for (int d = 1; d <= c.depth(); d++) {
            layers.add(new Dense("f.fc" + d, in, c.hidden(), true, relu));
            layers.add(relu ? new ReLU("f.relu" + d)
                    : new Activation("f.act" + d, SmoothActivation.valueOf(c.activation().toUpperCase(Locale.ROOT))));
            in = c.hidden();
        }
        layers.add(new Dense("f.out", in, n, true, false));
        return wrap(p, new Sequential("f", layers), c.windowSteps(), c);
    }

    /** A model over a given field (a linear one, say), for windows of {@code steps}. */
    public static Model wrap(ControlProblem p, Layer field, int steps, LearnConfig c) {
        NeuralOde ode = ode(p, field, steps, c);
        return new Model("neural-ode", new Sequential("neural-ode", List.of(ode)), new int[] {1, 1, ode.inputSize()},
                steps * p.states());
    }

    /** The model's field, rolled out over {@code steps} steps (the field's parameters are shared, not copied). */
    public static NeuralOde ode(ControlProblem p, Layer field, int steps, LearnConfig c) {
        boolean discrete = p.discreteTime();
        return new NeuralOde("ode", field, p.states(), p.controls(), steps, discrete ? 1 : 1.0 / c.intervals(),
                discrete ? OdeScheme.EULER : c.scheme());
    }

    /** The vector field inside a model this class made. */
    public static Layer field(Model model) {
        return ((NeuralOde) ((Sequential) model.network()).layers().getFirst()).field();
    }

    /**
     * Root mean squared error, in the model's units, of predicting each trajectory from its start over
     * {@code steps} steps at a time (1: one-step error from true states; N: the whole rollout).
     */
    public static double error(Model model, ControlProblem p, DynamicsData data, Trajectories t, int steps, LearnConfig c,
                               ComputeBackend backend) {
        NeuralOde ode = ode(p, field(model), steps, c);
        var set = data.windows("error", t, steps);
        int samples = set.count(), in = ode.inputSize(), out = steps * p.states();
        Tensor x = Tensor.wrap(set.inputs(), samples, in);
        float[] y = ode.forward(x, new ExecutionContext(backend, false)).data();
        float[] target = set.targets();
        double sum = 0;
        for (int i = 0; i < samples * out; i++) sum += ((double) y[i] - target[i]) * ((double) y[i] - target[i]);
        return Math.sqrt(sum / ((double) samples * out));
    }
}
