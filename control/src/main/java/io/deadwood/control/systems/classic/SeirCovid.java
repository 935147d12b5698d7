package io.deadwood.control.systems.classic;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;

/**
 * {@code seir-covid}: Myriad's "SEIR" system, which names T. A. Perkins and G. Espana, "Optimal
 * control of the COVID-19 pandemic with non-pharmaceutical interventions", Bull. Math. Biol. 82,
 * 118 (2020), as its source; as coded in Myriad's {@code myriad/systems/miscellaneous/seir.py}.
 *
 * <p>The docstring describes Perkins and Espana's six-state model (S, E, A, I, H, V) with u the
 * reduction in transmission and cost D^2 + c u^2, but the code (followed here) is the four-state
 * SEIRN model of Lenhart and Workman's chapter 13 with a different control bound and state bounds:
 * state (S, E, I, N), susceptible, exposed, infectious, total population; control u, the rate at
 * which susceptibles are removed (vaccinated). Minimise the integral over [0, 20] of A I + u^2
 * subject to
 * <pre>
 *   S' = b N - d S - c S I - u S,   E' = c S I - (e + d) E,
 *   I' = e E - (g + a + d) I,       N' = (b - d) N - a I
 * </pre>
 * with b = 0.525, d = 0.5, c = 0.0001, e = 0.5, g = 0.1, a = 0.2, A = 0.1 (Myriad's values;
 * {@code default.gin} sets none for this class), x(0) = (1000, 100, 50, 1165) (N(0) counts the
 * 15 recovered), S in [0, 2000], E and I in [0, 250], N in [0, 3000] (Myriad's, "chosen by
 * observation"), u in [0, 1]. The end state is free. The six-state model is not offered: its
 * parameters are not in Myriad, and the docstring's D is undefined.
 */
public final class SeirCovid implements ControlProblem {
    static final double B = 0.525, D = 0.5, C = 0.0001, E = 0.5, G = 0.1, A_DEATH = 0.2, A_WEIGHT = 0.1;
    static final double S0 = 1000, E0 = 100, I0 = 50, R0 = 15;

    @Override public String id() { return "seir-covid"; }
    @Override public String description() { return "SEIRN epidemic with a vaccination-rate control (Myriad's SEIR system)"; }
    @Override public String source() { return "Perkins & Espana 2020, Bull. Math. Biol. 82:118 (named); Myriad myriad/systems/miscellaneous/seir.py (Lenhart & Workman ch. 13 equations)"; }
    @Override public int states() { return 4; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return 20; }
    @Override public double[] initialState() { return new double[] {S0, E0, I0, S0 + E0 + I0 + R0}; }
    @Override public Bounds stateBounds() { return new Bounds(new double[4], new double[] {2000, 250, 250, 3000}); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, 1); }

    @Override
    public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
        T s = x[0], e = x[1], i = x[2], n = x[3];
        T infection = s.multiply(i).multiply(C);
        T ds = n.multiply(B).subtract(s.multiply(D)).subtract(infection).subtract(u[0].multiply(s));
        T de = infection.subtract(e.multiply(E + D));
        T di = e.multiply(E).subtract(i.multiply(G + A_DEATH + D));
        T dn = n.multiply(B - D).subtract(i.multiply(A_DEATH));
        return Fields.vector(ds, de, di, dn);
    }

    @Override
    public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) {
        return x[2].multiply(A_WEIGHT).add(u[0].multiply(u[0]));
    }
}
