package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code epidemic-seirn}: Lenhart and Workman, chapter 13, lab 7 (after Joshi, Lenhart, Li and Wang,
 * 2006); Myriad's {@code myriad/systems/lenhart/epidemic_seirn.py}.
 *
 * <p>A vaccination campaign u on an SEIR epidemic with total population N. States (S, E, I, N):
 * <pre>
 *   S' = b N - d S - c S I - u S
 *   E' = c S I - (e + d) E
 *   I' = e E - (g + a + d) I
 *   N' = (b - d) N - a I
 * </pre>
 * minimise the integral over [0, 20] of A I + u^2, 0 &lt;= u &lt;= 0.9, with A = 0.1, b = 0.525,
 * d = 0.5, c = 1e-4, e = 0.5, g = 0.1, a = 0.2. The start (S, E, I, R) = (1000, 100, 50, 15) gives
 * N(0) = 1165; R is not a state (R = N - S - E - I). A true minimisation; the states are unbounded.
 *
 * <p>Myriad's docstring lists five states (S, E, I, R, N) and a running cost A S + u^2; its code, like
 * the book's lab, has the four states above and the cost A I + u^2. This class follows the code.
 */
public final class EpidemicSeirn implements ControlProblem {
    static final double A = 0.1, BIRTH = 0.525, DEATH = 0.5, C = 1e-4, E = 0.5, G = 0.1, DISEASE_DEATH = 0.2, T = 20;
    static final double S0 = 1000, E0 = 100, I0 = 50, R0 = 15;

    @Override public String id() { return "epidemic-seirn"; }
    @Override public String description() { return "vaccination against an SEIR epidemic with total population N: minimise the integral of A I + u^2"; }
    @Override public String source() { return "Lenhart & Workman, ch. 13 lab 7; Myriad systems/lenhart/epidemic_seirn.py, gin-configs/default.gin"; }
    @Override public int states() { return 4; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {S0, E0, I0, S0 + E0 + I0 + R0}; }
    @Override public Bounds stateBounds() { return Bounds.none(4); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, 0.9); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F s = x[0], e = x[1], i = x[2], n = x[3];
        F infection = s.multiply(i).multiply(C);
        F[] dx = MathArrays.buildArray(t.getField(), 4);
        dx[0] = n.multiply(BIRTH).subtract(s.multiply(DEATH)).subtract(infection).subtract(u[0].multiply(s));
        dx[1] = infection.subtract(e.multiply(E + DEATH));
        dx[2] = e.multiply(E).subtract(i.multiply(G + DISEASE_DEATH + DEATH));
        dx[3] = n.multiply(BIRTH - DEATH).subtract(i.multiply(DISEASE_DEATH));
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return x[2].multiply(A).add(u[0].multiply(u[0]));
    }
}
