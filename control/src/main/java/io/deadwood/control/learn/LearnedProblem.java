package io.deadwood.control.learn;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * A control problem whose dynamics are a learned network and whose everything else (costs, bounds,
 * start, horizon, end state) is the true problem's: what a planner sees when it plans on a learned
 * model. The network is evaluated in float64 over any field ({@link FieldNetwork}), so the trajectory
 * optimisers get its exact Jacobians. The learned field is autonomous: it sees x and u, not t.
 */
public final class LearnedProblem implements ControlProblem {
    private final ControlProblem truth;
    private final FieldNetwork network;
    // The scaling's arrays, copied once: the planners evaluate the dynamics at every node of every iteration.
    private final double[] stateMean, stateScale, controlMean, controlScale;

    public LearnedProblem(ControlProblem truth, FieldNetwork network, Scaling scaling) {
        if (network.inputs() != truth.states() + truth.controls() || network.outputs() != truth.states()) {
            throw new IllegalArgumentException("a network with " + network.inputs() + " inputs and " + network.outputs()
                    + " outputs cannot be the dynamics of " + truth.id());
        }
        this.truth = truth;
        this.network = network;
        this.stateMean = scaling.stateMean();
        this.stateScale = scaling.stateScale();
        this.controlMean = scaling.controlMean();
        this.controlScale = scaling.controlScale();
    }

    public ControlProblem truth() { return truth; }

    @Override public String id() { return truth.id() + "-learned"; }
    @Override public String description() { return "learned dynamics of " + truth.id(); }
    @Override public String source() { return "a neural ODE fitted to trajectories of " + truth.id(); }
    @Override public int states() { return truth.states(); }
    @Override public int controls() { return truth.controls(); }
    @Override public double horizon() { return truth.horizon(); }
    @Override public double[] initialState() { return truth.initialState(); }
    @Override public Bounds stateBounds() { return truth.stateBounds(); }
    @Override public Bounds controlBounds() { return truth.controlBounds(); }
    @Override public double[] terminalState() { return truth.terminalState(); }
    @Override public boolean discreteTime() { return truth.discreteTime(); }
    @Override public double[] guessControl() { return truth.guessControl(); }

    @Override
    public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
        int n = x.length, m = u.length;
        T[] in = MathArrays.buildArray(t.getField(), n + m);
        for (int i = 0; i < n; i++) in[i] = x[i].subtract(stateMean[i]).divide(stateScale[i]);
        for (int i = 0; i < m; i++) in[n + i] = u[i].subtract(controlMean[i]).divide(controlScale[i]);
        T[] f = network.apply(in);
        T[] out = MathArrays.buildArray(t.getField(), n);
        for (int i = 0; i < n; i++) {
            out[i] = discreteTime() ? x[i].add(f[i].multiply(stateScale[i])) : f[i].multiply(stateScale[i] / horizon());
        }
        return out;
    }

    @Override
    public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) { return truth.cost(x, u, t); }

    @Override
    public <T extends CalculusFieldElement<T>> T terminalCost(T[] x, T t) { return truth.terminalCost(x, t); }
}
