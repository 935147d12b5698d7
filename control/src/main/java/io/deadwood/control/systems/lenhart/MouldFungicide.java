package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code mould-fungicide}: Lenhart and Workman, chapter 6, lab 2; Myriad's
 * {@code myriad/systems/lenhart/mould_fungicide.py}.
 *
 * <p>A mould population x under fungicide u: minimise the integral over [0, 5] of A x^2 + u^2 subject
 * to dx/dt = r (M - x) - u x, x(0) = 1, with r = 0.3, M = 10, A = 1. A true minimisation.
 *
 * <p>Bounds x in [0, 5] and u in [0, 5] are Myriad's additions (the book has none). Myriad's class
 * default is A = 10 but its {@code default.gin} sets A = 1; the gin value is Myriad's default and the
 * one used here.
 */
public final class MouldFungicide implements ControlProblem {
    static final double R = 0.3, M = 10, A = 1, X0 = 1, T = 5;

    @Override public String id() { return "mould-fungicide"; }
    @Override public String description() { return "mould population under fungicide: x' = r (M - x) - u x, minimise the integral of A x^2 + u^2"; }
    @Override public String source() { return "Lenhart & Workman, ch. 6 lab 2; Myriad systems/lenhart/mould_fungicide.py, gin-configs/default.gin"; }
    @Override public int states() { return 1; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {X0}; }
    @Override public Bounds stateBounds() { return Bounds.of(1, 0, 5); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, 5); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 1);
        dx[0] = x[0].negate().add(M).multiply(R).subtract(u[0].multiply(x[0]));
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return x[0].multiply(x[0]).multiply(A).add(u[0].multiply(u[0]));
    }
}
