package io.deadwood.control.systems;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code lqr}: a scalar linear-quadratic regulator with a known optimum, added to check every
 * optimiser. Minimise the integral of q x^2 + r u^2 over [0, T] plus s x(T)^2, with dx/dt = a x + b u,
 * x(0) = x0, no bounds. The optimal cost is P(0) x0^2, where P solves the Riccati equation
 * -dP/dt = 2 a P - (b^2 / r) P^2 + q with P(T) = s; {@link #optimalCost()} gives it in closed form.
 */
public final class LinearQuadratic implements ControlProblem {
    static final double A = 0.5, B = 1, Q = 1, R = 0.5, S = 0.5, T = 2, X0 = 1;

    @Override public String id() { return "lqr"; }
    @Override public String description() { return "scalar linear-quadratic regulator with a closed-form optimum"; }
    @Override public String source() { return "textbook LQR (Riccati equation); added to check the optimisers"; }
    @Override public int states() { return 1; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {X0}; }
    @Override public Bounds stateBounds() { return Bounds.none(1); }
    @Override public Bounds controlBounds() { return Bounds.none(1); }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 1);
        dx[0] = x[0].multiply(A).add(u[0].multiply(B));
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return x[0].multiply(x[0]).multiply(Q).add(u[0].multiply(u[0]).multiply(R));
    }

    @Override
    public <F extends CalculusFieldElement<F>> F terminalCost(F[] x, F t) {
        return x[0].multiply(x[0]).multiply(S);
    }

    /**
     * P(0) x0^2. With c = b^2 / r the Riccati equation is dP/dt = c P^2 - 2 a P - q, whose roots are
     * p1, p2 = (a +- sqrt(a^2 + c q)) / c; running backwards from P(T) = s gives the closed form below.
     */
    public static double optimalCost() {
        double c = B * B / R, d = Math.sqrt(A * A + C_Q());
        double p1 = (A + d) / c, p2 = (A - d) / c;
        // P(t) = (p1 - p2 K e^{-c (p1 - p2)(T - t)} ... ) solved for the boundary value at T.
        double k = (S - p1) / (S - p2);
        double e = Math.exp(-c * (p1 - p2) * T);
        double p0 = (p1 - p2 * k * e) / (1 - k * e);
        return p0 * X0 * X0;
    }

    private static double C_Q() { return B * B / R * Q; }
}
