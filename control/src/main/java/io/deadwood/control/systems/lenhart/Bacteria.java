package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code bacteria}: Lenhart and Workman, chapter 7, lab 3; Myriad's
 * {@code myriad/systems/lenhart/bacteria.py}.
 *
 * <p>A bacteria concentration x fed a nutrient u whose by-product hinders growth: maximise
 * C x(1) - the integral over [0, 1] of u^2, subject to dx/dt = r x + A u x - B u^2 e^{-x}, x(0) = 1,
 * with r = 1, A = 1, B = 1, C = 1. Written as minimising the integral of u^2 plus the terminal cost
 * -C x(1).
 *
 * <p>Bounds x in [0, 10] and u in [0, 2] are Myriad's additions ("set based on observation of the
 * optimum"). The state bound is not inert: x &lt;= 10 is active at the end of the optimal trajectory,
 * so a method that ignores state bounds (shooting without path constraints, the forward-backward
 * sweep) solves a different problem; the bound is part of this problem as stated here. Myriad's class
 * default is B = 12 but its {@code default.gin} sets B = 1, the value used here.
 */
public final class Bacteria implements ControlProblem {
    static final double R = 1, A = 1, B = 1, C = 1, X0 = 1, T = 1;

    @Override public String id() { return "bacteria"; }
    @Override public String description() { return "bacteria fed a growth nutrient: x' = r x + A u x - B u^2 e^-x, maximise C x(T) - the integral of u^2"; }
    @Override public String source() { return "Lenhart & Workman, ch. 7 lab 3; Myriad systems/lenhart/bacteria.py, gin-configs/default.gin"; }
    @Override public int states() { return 1; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {X0}; }
    @Override public Bounds stateBounds() { return Bounds.of(1, 0, 10); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, 2); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 1);
        F byproduct = u[0].multiply(u[0]).multiply(x[0].negate().exp()).multiply(B);
        dx[0] = x[0].multiply(R).add(u[0].multiply(x[0]).multiply(A)).subtract(byproduct);
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return u[0].multiply(u[0]);
    }

    @Override
    public <F extends CalculusFieldElement<F>> F terminalCost(F[] x, F t) {
        return x[0].multiply(-C);
    }
}
