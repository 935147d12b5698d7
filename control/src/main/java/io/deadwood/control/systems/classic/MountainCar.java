package io.deadwood.control.systems.classic;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;

/**
 * {@code mountain-car}: drive a car in a valley to a point up the slope and stop there, with the
 * least squared force. Source: A. Moore, "Efficient Memory-based Learning for Robot Control", PhD
 * thesis, Cambridge 1990, via the continuous mountain car of OpenAI Gym; as coded in Myriad's
 * {@code myriad/systems/classical_control/mountain_car.py}.
 *
 * <p>State (x, v), position and velocity; control u, the force as a fraction of the engine's power.
 * Minimise the integral of 10 u^2 over [0, 300] subject to x' = v, v' = p clip(u, -1, 1) - g h'(x),
 * with p = 0.0015, g = 0.0025 (Myriad's defaults; {@code default.gin} sets none), x(0) = (-0.1, 0),
 * x in [-1.2, 0.6], v in [-0.07, 0.07], u in [-1, 1]. The end state (0.45, 0) is fixed (a hard
 * constraint), not penalised. T = 300 is Myriad's choice; Gym's task has no horizon.
 *
 * <p>Where Myriad departs from Gym and from its own docstring, this class follows Myriad's code:
 * the hill is h(x) = x^2 / 2 (so h'(x) = x; Gym's sin(3x) hill is commented out there), the goal
 * is 0.45 (Gym's is 0.5), and the cost weight is 10 (the docstring has 1).
 */
public final class MountainCar implements ControlProblem {
    static final double POWER = 0.0015, GRAVITY = 0.0025;

    @Override public String id() { return "mountain-car"; }
    @Override public String description() { return "continuous mountain car: reach position 0.45 at rest, least squared force"; }
    @Override public String source() { return "Moore 1990 via OpenAI Gym's continuous mountain car; Myriad myriad/systems/classical_control/mountain_car.py"; }
    @Override public int states() { return 2; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return 300; }
    @Override public double[] initialState() { return new double[] {-0.1, 0}; }
    @Override public double[] terminalState() { return new double[] {0.45, 0}; }
    @Override public Bounds stateBounds() { return new Bounds(new double[] {-1.2, -0.07}, new double[] {0.6, 0.07}); }
    @Override public Bounds controlBounds() { return Bounds.of(1, -1, 1); }

    @Override
    public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
        T force = Fields.clip(u[0], -1, 1);
        return Fields.vector(x[1], force.multiply(POWER).subtract(x[0].multiply(GRAVITY)));
    }

    @Override
    public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) {
        return u[0].multiply(u[0]).multiply(10);
    }
}
