package io.deadwood.control.optim;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.systems.LinearQuadratic;
import org.hipparchus.CalculusFieldElement;

/**
 * A system restated with other bounds and flagged as one of Lenhart's, so that the sweep, which only
 * takes those, can be checked on it; dynamics, costs, start and horizon are the base system's.
 */
record LenhartVariant(ControlProblem base, String id, Bounds stateBounds, Bounds controlBounds) implements ControlProblem {

    /** The LQR as it is, for the sweep to be checked against its closed form. */
    static LenhartVariant lqr() {
        LinearQuadratic lqr = new LinearQuadratic();
        return new LenhartVariant(lqr, "lqr-for-the-sweep", lqr.stateBounds(), lqr.controlBounds());
    }

    /** The system without its state bounds. */
    static LenhartVariant withoutStateBounds(ControlProblem p) {
        return new LenhartVariant(p, p.id() + "-unbounded", Bounds.none(p.states()), p.controlBounds());
    }

    @Override public String description() { return base.description() + " (restated: " + id + ")"; }
    @Override public String source() { return base.source(); }
    @Override public int states() { return base.states(); }
    @Override public int controls() { return base.controls(); }
    @Override public double horizon() { return base.horizon(); }
    @Override public double[] initialState() { return base.initialState(); }
    @Override public double[] terminalState() { return base.terminalState(); }
    @Override public boolean discreteTime() { return base.discreteTime(); }
    @Override public double[] guessControl() { return base.guessControl(); }
    @Override public boolean lenhart() { return true; }
    @Override public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) { return base.dynamics(x, u, t); }
    @Override public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) { return base.cost(x, u, t); }
    @Override public <T extends CalculusFieldElement<T>> T terminalCost(T[] x, T t) { return base.terminalCost(x, t); }
}
