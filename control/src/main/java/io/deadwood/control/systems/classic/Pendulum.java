package io.deadwood.control.systems.classic;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;

/**
 * {@code pendulum}: swing a torque-limited pendulum from hanging to upright. Source: OpenAI Gym's
 * {@code Pendulum} (and the pendulum of Amos et al.'s mpc.pytorch), as coded in Myriad's
 * {@code myriad/systems/classical_control/pendulum.py}.
 *
 * <p>State (theta, omega), angle (0 hanging down, pi upright) and angular velocity; control u, the
 * torque. With w(theta) = ((theta + pi) mod 2 pi) - pi, minimise the integral over [0, 15] of
 * w(theta)^2 + 0.1 omega^2 + 0.001 u^2 subject to
 * <pre>
 *   theta' = clip(omega, -8, 8)
 *   omega' = 0.05 (-3 g / (2 l) sin w(theta) + 3 clip(u, -2, 2) / (m l^2))
 * </pre>
 * with g = 10, m = 1, l = 1 (Myriad's defaults; {@code default.gin} sets none), x(0) = (0, 0),
 * theta in [-pi, pi], omega in [-8, 8], u in [-2, 2]. The end state (pi, 0) is fixed (a hard
 * constraint), not penalised.
 *
 * <p>This is Myriad's code, which disagrees with its docstring: the docstring starts at (pi, 0),
 * ends at (0, 0) and has no 0.05 factor (which slows the motion twentyfold). Note that in the code
 * the running cost pulls theta towards 0, the hanging position, while the end constraint demands
 * pi. {@link PendulumGym} ({@code pendulum-gym}) is the consistent reading: Gym's own dynamics,
 * start and target, without the 0.05.
 */
public class Pendulum implements ControlProblem {
    static final double G = 10, M = 1, L = 1, MAX_SPEED = 8, MAX_TORQUE = 2, CONTROL_PENALTY = 0.001;

    @Override public String id() { return "pendulum"; }
    @Override public String description() { return "torque-limited pendulum swing-up (Myriad's code: 0.05-scaled dynamics, 0 to pi)"; }
    @Override public String source() { return "OpenAI Gym Pendulum; Myriad myriad/systems/classical_control/pendulum.py"; }
    @Override public int states() { return 2; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return 15; }
    @Override public double[] initialState() { return new double[] {0, 0}; }
    @Override public double[] terminalState() { return new double[] {Math.PI, 0}; }

    @Override
    public Bounds stateBounds() {
        return new Bounds(new double[] {-Math.PI, -MAX_SPEED}, new double[] {Math.PI, MAX_SPEED});
    }

    @Override public Bounds controlBounds() { return Bounds.of(1, -MAX_TORQUE, MAX_TORQUE); }

    @Override
    public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
        T torque = Fields.clip(u[0], -MAX_TORQUE, MAX_TORQUE);
        T theta = Fields.wrapAngle(x[0]);
        T omega = Fields.clip(x[1], -MAX_SPEED, MAX_SPEED);
        T accel = theta.sin().multiply(-3 * G / (2 * L)).add(torque.multiply(3 / (M * L * L)));
        return Fields.vector(omega, accel.multiply(0.05));
    }

    @Override
    public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) {
        T theta = Fields.wrapAngle(x[0]);
        return theta.multiply(theta).add(x[1].multiply(x[1]).multiply(0.1)).add(u[0].multiply(u[0]).multiply(CONTROL_PENALTY));
    }
}
