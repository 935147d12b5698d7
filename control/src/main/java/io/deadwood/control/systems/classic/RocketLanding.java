package io.deadwood.control.systems.classic;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;

/**
 * {@code rocket-landing}: land a falling, horizontal rocket upright at the origin with a gimballed
 * engine. Source: T. Godden, "How SpaceX lands Starship (sort of)" (2021 blog post), as coded in
 * Myriad's {@code myriad/systems/miscellaneous/rocket_landing.py}.
 *
 * <p>State (x, x', y, y', phi, phi'): horizontal position and velocity, height and vertical
 * velocity, attitude (0 upright) and its rate. Controls u0, thrust as a fraction of the maximum
 * F = 2,210,000 N, and u1, the gimbal angle. Minimise the integral over [0, 16] of
 * u0^2 + u1^2 + 2 phi'^2 subject to
 * <pre>
 *   x'' = F u0 sin(u1 + phi) / m,   y'' = F u0 cos(u1 + phi) / m - g,
 *   phi'' = -(l / 2) F u0 sin(u1) / I,   I = m l^2 / 12 (a uniform rod)
 * </pre>
 * with m = 100,000 kg, l = 50 m, g = 9.8 (Myriad's defaults; {@code default.gin} sets none),
 * x(0) = (0, 0, 1000, -80, -pi/2, 0), u0 in [0.4, 1], |u1| <= 20 degrees (converted with Myriad's
 * 0.01745329 rad per degree), x, x', y', phi' in [-250, 150], y in [0, 1000], phi in [-2 pi, 2 pi].
 * The end state 0 is fixed in all six components (a hard constraint), not penalised.
 *
 * <p>This is Myriad's code; its docstring differs (phi'^2 weighted 1, u0 in [-1, 1], and a
 * garbled angular equation), and is not offered as a variant.
 */
public final class RocketLanding implements ControlProblem {
    static final double G = 9.8, M = 100_000, L = 50, MAX_THRUST = 2210 * 1000;
    static final double INERTIA = 1.0 / 12 * M * L * L;
    static final double MAX_GIMBAL = 20 * 0.01745329;

    @Override public String id() { return "rocket-landing"; }
    @Override public String description() { return "rocket landing with throttle and gimbal angle, planar rigid body"; }
    @Override public String source() { return "Godden 2021, How SpaceX lands Starship (sort of); Myriad myriad/systems/miscellaneous/rocket_landing.py"; }
    @Override public int states() { return 6; }
    @Override public int controls() { return 2; }
    @Override public double horizon() { return 16; }
    @Override public double[] initialState() { return new double[] {0, 0, 1000, -80, -Math.PI / 2, 0}; }
    @Override public double[] terminalState() { return new double[6]; }

    @Override
    public Bounds stateBounds() {
        return new Bounds(new double[] {-250, -250, 0, -250, -2 * Math.PI, -250},
                new double[] {150, 150, 1000, 150, 2 * Math.PI, 150});
    }

    @Override public Bounds controlBounds() { return new Bounds(new double[] {0.4, -MAX_GIMBAL}, new double[] {1, MAX_GIMBAL}); }

    @Override
    public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
        T thrust = u[0].multiply(MAX_THRUST);
        T direction = u[1].add(x[4]);
        T ddx = thrust.multiply(direction.sin()).divide(M);
        T ddy = thrust.multiply(direction.cos()).divide(M).subtract(G);
        T ddphi = thrust.multiply(u[1].sin()).multiply(-L / 2).divide(INERTIA);
        return Fields.vector(x[1], ddx, x[3], ddy, x[5], ddphi);
    }

    @Override
    public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) {
        return u[0].multiply(u[0]).add(u[1].multiply(u[1])).add(x[5].multiply(x[5]).multiply(2));
    }
}
