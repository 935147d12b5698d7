package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code timber-harvest}: Lenhart and Workman, chapter 18, lab 11 (after Kamien and Schwartz,
 * "Dynamic Optimization", 1991); Myriad's {@code myriad/systems/lenhart/timber_harvest.py}.
 *
 * <p>Timber production x, of which the fraction u of the revenue is reinvested: maximise the integral
 * over [0, 5] of e^{-r t} x (1 - u) subject to x' = k x u, x(0) = 100, 0 &lt;= u &lt;= 1, with r = 0,
 * k = 1. Written as a minimisation of -e^{-r t} x (1 - u). Linear in the control, so the optimum is
 * bang-bang.
 *
 * <p>The state bound x in [0, 20000] is Myriad's addition (the book has none).
 */
public final class TimberHarvest implements ControlProblem {
    static final double R = 0, K = 1, X0 = 100, T = 5;

    @Override public String id() { return "timber-harvest"; }
    @Override public String description() { return "reinvesting timber revenue: x' = k x u, maximise the integral of e^-rt x (1 - u)"; }
    @Override public String source() { return "Lenhart & Workman, ch. 18 lab 11; Myriad systems/lenhart/timber_harvest.py, gin-configs/default.gin"; }
    @Override public int states() { return 1; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {X0}; }
    @Override public Bounds stateBounds() { return Bounds.of(1, 0, 20_000); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, 1); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 1);
        dx[0] = x[0].multiply(u[0]).multiply(K);
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        F discount = t.multiply(-R).exp();
        return discount.multiply(x[0]).multiply(u[0].negate().add(1)).negate();
    }
}
