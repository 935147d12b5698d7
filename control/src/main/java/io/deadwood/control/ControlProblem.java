package io.deadwood.control;

import org.hipparchus.CalculusFieldElement;

/**
 * An optimal-control problem in continuous time: minimise terminal cost plus the integral of the
 * running cost over [0, T], subject to dx/dt = f(x, u, t) from a fixed start, with box bounds on
 * states and controls and, optionally, a fixed terminal state. Found through
 * {@link java.util.ServiceLoader} like the pruning methods: a plugin jar lists its class in
 * {@code META-INF/services/io.deadwood.control.ControlProblem}.
 *
 * <p>The dynamics and costs are written once over any {@link CalculusFieldElement}: with
 * {@code Binary64} they give values, with Hipparchus' forward-mode {@code Gradient} their exact
 * Jacobians (the contract checks them against finite differences). Problems a book states as a
 * maximisation are written as the minimisation of the negative, and say so in their Javadoc.
 */
public interface ControlProblem {

    /** The name users type ({@code cancer-treatment}); of the form {@code [a-z0-9-]+}. */
    String id();

    /** One line: what the system is. */
    String description();

    /** Where its equations and default parameters come from. */
    String source();

    int states();

    int controls();

    /** The horizon T. */
    double horizon();

    /** x(0). */
    double[] initialState();

    /** Bounds on the states along the whole trajectory (infinite where there is none). */
    Bounds stateBounds();

    /** Bounds on the controls. */
    Bounds controlBounds();

    /** x(T) where it is fixed, NaN for a free component; null when the whole end state is free. */
    default double[] terminalState() { return null; }

    /**
     * True for a system defined in discrete time (x[k+1] = f(x[k], u[k], k)), where {@link #dynamics}
     * returns the next state rather than its derivative and the horizon counts steps.
     */
    default boolean discreteTime() { return false; }

    /** True for the systems of Lenhart and Workman's book, which the forward-backward sweep solves. */
    default boolean lenhart() { return false; }

    /** dx/dt at (x, u, t); arrays of length {@link #states()} and {@link #controls()}. */
    <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t);

    /** The running cost: the integrand of the objective. */
    <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t);

    /** The terminal cost at x(T); zero by default. */
    default <T extends CalculusFieldElement<T>> T terminalCost(T[] x, T t) {
        return t.getField().getZero();
    }

    /** A control to start optimisers from (and to integrate with in checks): the middle of the bounds, or 0. */
    default double[] guessControl() {
        double[] u = new double[controls()];
        Bounds b = controlBounds();
        for (int i = 0; i < u.length; i++) {
            double lo = b.lower()[i], hi = b.upper()[i];
            u[i] = Double.isFinite(lo) && Double.isFinite(hi) ? (lo + hi) / 2 : Double.isFinite(lo) ? lo : Double.isFinite(hi) ? hi : 0;
        }
        return u;
    }
}
