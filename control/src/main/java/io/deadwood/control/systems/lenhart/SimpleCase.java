package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code simple-case}: Lenhart and Workman, chapter 5, lab 1; Myriad's
 * {@code myriad/systems/lenhart/simple_case.py}.
 *
 * <p>Maximise the integral over [0, 1] of A x - B u^2 subject to dx/dt = -x^2 / 2 + C u, x(0) = 1,
 * with A = 1, B = 1, C = 4 and no bounds. Written as a minimisation of B u^2 - A x. The book's
 * necessary conditions (for the maximisation): lambda' = x lambda - A, lambda(1) = 0,
 * u = C lambda / (2 B).
 */
public final class SimpleCase implements ControlProblem {
    static final double A = 1, B = 1, C = 4, X0 = 1, T = 1;

    @Override public String id() { return "simple-case"; }
    @Override public String description() { return "introductory scalar problem: x' = -x^2/2 + C u, maximise the integral of A x - B u^2"; }
    @Override public String source() { return "Lenhart & Workman, ch. 5 lab 1; Myriad systems/lenhart/simple_case.py, gin-configs/default.gin"; }
    @Override public int states() { return 1; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {X0}; }
    @Override public Bounds stateBounds() { return Bounds.none(1); }
    @Override public Bounds controlBounds() { return Bounds.none(1); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 1);
        dx[0] = x[0].multiply(x[0]).multiply(-0.5).add(u[0].multiply(C));
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return u[0].multiply(u[0]).multiply(B).subtract(x[0].multiply(A));
    }
}
