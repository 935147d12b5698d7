package io.deadwood.control.systems.classic;

import io.deadwood.control.Bounds;
import org.hipparchus.CalculusFieldElement;

/**
 * {@code pendulum-gym}: the swing-up that {@link Pendulum}'s docstring describes, with OpenAI Gym's
 * dynamics. The angle is measured from upright (Gym's convention), so
 * <pre>
 *   theta' = clip(omega, -8, 8)
 *   omega' = 3 g / (2 l) sin w(theta) + 3 clip(u, -2, 2) / (m l^2)
 * </pre>
 * without Myriad's 0.05 factor, from x(0) = (pi, 0) (hanging) to the fixed end state (0, 0)
 * (upright), so the running cost w(theta)^2 + 0.1 omega^2 + 0.001 u^2 now agrees with the target.
 * Parameters, control bounds and horizon are those of {@code pendulum}; the angle may range over
 * [-2 pi, 2 pi], since Myriad's [-pi, pi] would put the hanging start on its edge and forbid
 * swinging to one side of it. The docstring's own equation
 * (-g sin theta / (2 l) + u / (m l^2)) lacks Gym's factors of 3 and has the sign that makes 0 the
 * hanging position, contradicting its start and target; this class takes Gym's, which Myriad's
 * code cites. Gym itself starts at a random state and has no horizon.
 */
public final class PendulumGym extends Pendulum {
    @Override public String id() { return "pendulum-gym"; }
    @Override public String description() { return "torque-limited pendulum swing-up (Gym's dynamics, hanging pi to upright 0)"; }
    @Override public String source() { return "OpenAI Gym Pendulum; Myriad myriad/systems/classical_control/pendulum.py (docstring)"; }
    @Override public double[] initialState() { return new double[] {Math.PI, 0}; }
    @Override public double[] terminalState() { return new double[] {0, 0}; }

    @Override
    public Bounds stateBounds() {
        return new Bounds(new double[] {-2 * Math.PI, -MAX_SPEED}, new double[] {2 * Math.PI, MAX_SPEED});
    }

    @Override
    public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
        T torque = Fields.clip(u[0], -MAX_TORQUE, MAX_TORQUE);
        T theta = Fields.wrapAngle(x[0]);
        T omega = Fields.clip(x[1], -MAX_SPEED, MAX_SPEED);
        return Fields.vector(omega, theta.sin().multiply(3 * G / (2 * L)).add(torque.multiply(3 / (M * L * L))));
    }
}
