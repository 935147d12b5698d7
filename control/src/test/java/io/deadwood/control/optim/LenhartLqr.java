package io.deadwood.control.optim;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.systems.LinearQuadratic;
import org.hipparchus.CalculusFieldElement;

/** The LQR system flagged as one of Lenhart's, so that the sweep, which only takes those, can be checked against its closed form. */
final class LenhartLqr implements ControlProblem {
    private final ControlProblem lqr = new LinearQuadratic();

    @Override public String id() { return "lqr-for-the-sweep"; }
    @Override public String description() { return lqr.description(); }
    @Override public String source() { return lqr.source(); }
    @Override public int states() { return lqr.states(); }
    @Override public int controls() { return lqr.controls(); }
    @Override public double horizon() { return lqr.horizon(); }
    @Override public double[] initialState() { return lqr.initialState(); }
    @Override public Bounds stateBounds() { return lqr.stateBounds(); }
    @Override public Bounds controlBounds() { return lqr.controlBounds(); }
    @Override public boolean lenhart() { return true; }
    @Override public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) { return lqr.dynamics(x, u, t); }
    @Override public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) { return lqr.cost(x, u, t); }
    @Override public <T extends CalculusFieldElement<T>> T terminalCost(T[] x, T t) { return lqr.terminalCost(x, t); }
}
