package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code bioreactor}: Lenhart and Workman, chapter 19, lab 12 (after Heinricher, Lenhart and Solomon,
 * Natural Resource Modeling 9, 1995); Myriad's {@code myriad/systems/lenhart/bioreactor.py}.
 *
 * <p>Bacteria x that degrade a contaminant, fed a nutrient u: maximise the integral over [0, 2] of
 * K x - u subject to x' = G u x - D x^2, x(0) = 0.5, 0 &lt;= u &lt;= M, with K = 2, G = 1, D = 1,
 * M = 1. Written as a minimisation of u - K x. Linear in the control, so the optimum is bang-bang.
 *
 * <p>The contaminant z enters only through a terminal cost, which the lab reduces away; Myriad's start
 * (0.5, 0.1) carries z(0) = 0.1 but uses only x(0). The state bound x in [0, 1] is Myriad's.
 */
public final class Bioreactor implements ControlProblem {
    static final double K = 2, G = 1, D = 1, M = 1, X0 = 0.5, T = 2;

    @Override public String id() { return "bioreactor"; }
    @Override public String description() { return "bacteria degrading a contaminant, fed a nutrient: x' = G u x - D x^2, maximise the integral of K x - u"; }
    @Override public String source() { return "Lenhart & Workman, ch. 19 lab 12; Myriad systems/lenhart/bioreactor.py, gin-configs/default.gin"; }
    @Override public int states() { return 1; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {X0}; }
    @Override public Bounds stateBounds() { return Bounds.of(1, 0, 1); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, M); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 1);
        dx[0] = u[0].multiply(x[0]).multiply(G).subtract(x[0].multiply(x[0]).multiply(D));
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return u[0].subtract(x[0].multiply(K));
    }
}
