package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code predator-prey}: Lenhart and Workman, chapter 22, lab 13 (after Goh, Leitmann and Vincent,
 * Mathematical Biosciences 19, 1974); Myriad's {@code myriad/systems/lenhart/predator_prey.py}.
 *
 * <p>A pest x0 and its predator x1 (Lotka-Volterra), both hurt by a pesticide u whose total amount is
 * fixed. The third state z is the pesticide used so far:
 * <pre>
 *   x0' = (1 - x1) x0 - d1 x0 u
 *   x1' = (x0 - 1) x1 - d2 x1 u
 *   z'  = u,   z(0) = 0,   z(T) = B
 * </pre>
 * Minimise x0(T) + the integral over [0, 10] of (A / 2) u^2 from x(0) = (10, 1, 0), 0 &lt;= u &lt;= M,
 * with d1 = d2 = 0.1, A = 1, B = 5, M = 1. A true minimisation; the end condition z(T) = B is the
 * fixed terminal state. State bounds x0, x1 in [0, 11] and z in [0, 5] are Myriad's.
 *
 * <p>Myriad's {@code guess_a} and {@code guess_b} (the secant method's starting guesses for the
 * adjoint of z in its sweep; the gin file sets guess_b = -0.5 where the class has 0.5) belong to that
 * solver, not to the problem.
 */
public final class PredatorPrey implements ControlProblem {
    static final double D1 = 0.1, D2 = 0.1, A = 1, B = 5, M = 1, T = 10;

    @Override public String id() { return "predator-prey"; }
    @Override public String description() { return "a fixed amount of pesticide on a pest and its predator: minimise the final pest plus the pesticide's cost"; }
    @Override public String source() { return "Lenhart & Workman, ch. 22 lab 13; Myriad systems/lenhart/predator_prey.py, gin-configs/default.gin"; }
    @Override public int states() { return 3; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {10, 1, 0}; }
    @Override public Bounds stateBounds() { return new Bounds(new double[] {0, 0, 0}, new double[] {11, 11, 5}); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, M); }
    @Override public double[] terminalState() { return new double[] {Double.NaN, Double.NaN, B}; }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 3);
        dx[0] = x[1].negate().add(1).multiply(x[0]).subtract(x[0].multiply(u[0]).multiply(D1));
        dx[1] = x[0].subtract(1).multiply(x[1]).subtract(x[1].multiply(u[0]).multiply(D2));
        dx[2] = u[0];
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return u[0].multiply(u[0]).multiply(A / 2);
    }

    @Override
    public <F extends CalculusFieldElement<F>> F terminalCost(F[] x, F t) {
        return x[0];
    }
}
