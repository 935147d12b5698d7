package io.deadwood.control.systems.classic;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;

/**
 * {@code cart-pole}: swing a pole hanging from a cart up to the vertical with the least force.
 * Source: M. Kelly, "An Introduction to Trajectory Optimization: How to Do Your Own Direct
 * Collocation", SIAM Review 59(4), 2017, section 6; as coded in Myriad's
 * {@code myriad/systems/classical_control/cartpole.py}.
 *
 * <p>State (q1, q2, q1', q2'): cart position, pole angle (0 hanging down, pi upright), their rates.
 * Control u, the force on the cart. Minimise the integral of u^2 over [0, 2] subject to
 * <pre>
 *   q1'' = (l m2 sin q2 q2'^2 + u + m2 g cos q2 sin q2) / (m1 + m2 (1 - cos^2 q2))
 *   q2'' = -(l m2 K(q2) q2'^2 + u cos q2 + (m1 + m2) g sin q2) / (l m1 + l m2 (1 - cos^2 q2))
 * </pre>
 * with m1 = 1, m2 = 0.3, l = 0.5, g = 9.81 (Myriad's defaults; {@code default.gin} sets none),
 * x(0) = 0, |q1| <= 2, |q2| <= 2 pi, |q1'| <= 5, |q2'| <= 10, |u| <= 20. The end state
 * (1, pi, 0, 0) is fixed (a hard constraint, as Myriad's optimisers impose it), not penalised.
 *
 * <p>K(q2) is where Myriad's code and Kelly disagree: the code has K = cos q2, Kelly's equation
 * 6.2 (and Myriad's docstring) K = cos q2 sin q2. This class follows the code; {@link CartPoleKelly}
 * ({@code cart-pole-kelly}) follows the paper. The two have different optima.
 */
public class CartPole implements ControlProblem {
    static final double M1 = 1, M2 = 0.3, L = 0.5, G = 9.81;
    static final double U_MAX = 20, D_MAX = 2, D = 1;

    private final boolean kelly;

    public CartPole() {
        this(false);
    }

    CartPole(boolean kelly) {
        this.kelly = kelly;
    }

    @Override public String id() { return "cart-pole"; }
    @Override public String description() { return "cart-pole swing-up with least squared force (Myriad's code: cos(theta) theta-dot^2 term)"; }
    @Override public String source() { return "Kelly 2017, SIAM Review 59(4), section 6; Myriad myriad/systems/classical_control/cartpole.py"; }
    @Override public int states() { return 4; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return 2; }
    @Override public double[] initialState() { return new double[] {0, 0, 0, 0}; }
    @Override public double[] terminalState() { return new double[] {D, Math.PI, 0, 0}; }

    @Override
    public Bounds stateBounds() {
        return new Bounds(new double[] {-D_MAX, -2 * Math.PI, -5, -10}, new double[] {D_MAX, 2 * Math.PI, 5, 10});
    }

    @Override public Bounds controlBounds() { return Bounds.of(1, -U_MAX, U_MAX); }

    @Override
    public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
        T theta = x[1], dx = x[2], dtheta = x[3];
        T sin = theta.sin(), cos = theta.cos();
        T sin2 = cos.multiply(cos).negate().add(1);
        T w2 = dtheta.multiply(dtheta);
        T ddx = sin.multiply(w2).multiply(L * M2).add(u[0]).add(cos.multiply(sin).multiply(M2 * G))
                .divide(sin2.multiply(M2).add(M1));
        T k = kelly ? cos.multiply(sin) : cos;
        T ddtheta = k.multiply(w2).multiply(L * M2).add(u[0].multiply(cos)).add(sin.multiply((M1 + M2) * G))
                .divide(sin2.multiply(L * M2).add(L * M1)).negate();
        return Fields.vector(dx, dtheta, ddx, ddtheta);
    }

    @Override
    public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) {
        return u[0].multiply(u[0]);
    }
}
