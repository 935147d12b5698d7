package io.deadwood.control.learn;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.NeuralOde;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.control.ControlProblem;
import java.util.List;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The cost of a control sequence as the learned model sees it, and its gradients with respect to the
 * controls and to the network's parameters, through the backend: the whole horizon rolled out by the
 * model's {@link NeuralOde}, the true running cost summed at the interval starts (held controls, left
 * rule) plus the terminal cost, and a penalty on missing a fixed end state. Controls are in the
 * model's scaled units. Several sequences go in one batch, each with its own weight on its gradient.
 */
final class PlanGradients {
    /** Weight of the squared miss of a fixed end state, in scaled units. */
    static final double END_PENALTY = 10;

    private final ControlProblem p;
    private final Scaling scaling;
    private final NeuralOde ode;
    private final Model model;
    private final ComputeBackend backend;
    private final int n, m, steps;
    private final double h;

    PlanGradients(ControlProblem p, Model model, Scaling scaling, LearnConfig c, int steps, ComputeBackend backend) {
        this.p = p;
        this.model = model;
        this.scaling = scaling;
        this.backend = backend;
        this.ode = DynamicsModel.ode(p, DynamicsModel.field(model), steps, c);
        this.n = p.states();
        this.m = p.controls();
        this.steps = steps;
        this.h = p.discreteTime() ? 1 : p.horizon() / steps;
    }

    /**
     * For each row of {@code controls} ([steps * m] scaled), the learned cost; {@code gradU[r]} gets
     * weight[r] times its gradient in the controls; every parameter's gradient gets the weighted sum
     * over rows of theirs.
     */
    double[] evaluate(double[][] controls, double[] weight, double[][] gradU) {
        int rows = controls.length, in = ode.inputSize();
        float[] input = new float[rows * in];
        double[] x0 = p.initialState();
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) input[r * in + i] = (float) scaling.state(i, x0[i]);
            for (int k = 0; k < steps * m; k++) input[r * in + n + k] = (float) controls[r][k];
        }
        ExecutionContext train = new ExecutionContext(backend, true);
        float[] states = ode.forward(Tensor.wrap(input, rows, in), train).data().clone();
        double[] cost = new double[rows];
        float[] seed = new float[rows * steps * n];
        double[] ss = scaling.stateScale(), cs = scaling.controlScale(), cm = scaling.controlMean();
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(gradU[r], 0);
            double[] x = x0.clone();
            for (int k = 0; k <= steps; k++) {
                if (k > 0) for (int i = 0; i < n; i++) x[i] = scaling.stateBack(i, states[r * steps * n + (k - 1) * n + i]);
                Gradient[] gx = new Gradient[n];
                for (int i = 0; i < n; i++) gx[i] = Gradient.variable(n + m, i, x[i]);
                Gradient value;
                if (k < steps) {
                    Gradient[] gu = new Gradient[m];
                    for (int j = 0; j < m; j++) gu[j] = Gradient.variable(n + m, n + j, cm[j] + cs[j] * controls[r][k * m + j]);
                    value = p.cost(gx, gu, new Gradient(k * h, new double[n + m])).multiply(h);
                    for (int j = 0; j < m; j++) gradU[r][k * m + j] += weight[r] * value.getGradient()[n + j] * cs[j];
                } else {
                    value = p.terminalCost(gx, new Gradient(p.horizon(), new double[n + m])).add(endPenalty(p, ss, gx));
                }
                cost[r] += value.getValue();
                if (k > 0) {
                    for (int i = 0; i < n; i++) seed[r * steps * n + (k - 1) * n + i] = (float) (weight[r] * value.getGradient()[i] * ss[i]);
                }
            }
        }
        float[] gIn = ode.backward(Tensor.wrap(seed, rows, steps * n), train).data();
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < steps * m; k++) gradU[r][k] += gIn[r * in + n + k];
        }
        return cost;
    }

    /** END_PENALTY times the squared miss of each fixed end component, in scaled units; zero for a free end. */
    static <T extends CalculusFieldElement<T>> T endPenalty(ControlProblem p, double[] stateScale, T[] x) {
        double[] target = p.terminalState();
        T s = x[0].getField().getZero();
        if (target == null) return s;
        for (int i = 0; i < target.length; i++) {
            if (Double.isNaN(target[i])) continue;
            T d = x[i].subtract(target[i]).divide(stateScale[i]);
            s = s.add(d.multiply(d).multiply(END_PENALTY));
        }
        return s;
    }

    List<Parameter> parameters() { return model.parameters(); }
}
