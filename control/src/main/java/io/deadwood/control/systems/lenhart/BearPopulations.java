package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code bear-populations}: Lenhart and Workman, chapter 15, lab 9 (after Salinas, Lenhart and
 * Gross, Natural Resource Modeling 18, 2005); Myriad's {@code myriad/systems/lenhart/bear_populations.py}.
 *
 * <p>Black bear densities in a park x0, the surrounding forest x1 and the urban area x2 they stray
 * into, with hunting rates u_p in the park and u_f in the forest. With k = r / K and k2 = r / K^2:
 * <pre>
 *   x0' = r x0 - k x0^2 + k m_f (1 - x0 / K) x1^2 - u_p x0
 *   x1' = r x1 - k x1^2 + k m_p (1 - x1 / K) x0^2 - u_f x1
 *   x2' = k (1 - m_p) x0^2 + k (1 - m_f) x1^2 + k2 m_f x0 x1^2 + k2 m_p x0^2 x1
 * </pre>
 * Minimise the integral over [0, 25] of x2 + c_p u_p^2 + c_f u_f^2 from x(0) = (0.4, 0.2, 0), with
 * r = 0.1, K = 0.75, m_p = m_f = 0.5, c_p = 10000, c_f = 10. A true minimisation.
 *
 * <p>Bounds: every state in [0, 2] and both controls in [0, 0.2], Myriad's choice of "reasonable
 * amounts"; the book's lab leaves the states free.
 */
public final class BearPopulations implements ControlProblem {
    static final double R = 0.1, K = 0.75, M_P = 0.5, M_F = 0.5, C_P = 10000, C_F = 10, T = 25;

    @Override public String id() { return "bear-populations"; }
    @Override public String description() { return "black bears in a park, a forest and a town: hunt to keep them out of town at least cost"; }
    @Override public String source() { return "Lenhart & Workman, ch. 15 lab 9; Myriad systems/lenhart/bear_populations.py, gin-configs/default.gin"; }
    @Override public int states() { return 3; }
    @Override public int controls() { return 2; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {0.4, 0.2, 0}; }
    @Override public Bounds stateBounds() { return Bounds.of(3, 0, 2); }
    @Override public Bounds controlBounds() { return Bounds.of(2, 0, 0.2); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        double k = R / K, k2 = R / (K * K);
        F p2 = x[0].multiply(x[0]), f2 = x[1].multiply(x[1]);
        F[] dx = MathArrays.buildArray(t.getField(), 3);
        dx[0] = x[0].multiply(R).subtract(p2.multiply(k))
                .add(x[0].divide(-K).add(1).multiply(f2).multiply(k * M_F)).subtract(u[0].multiply(x[0]));
        dx[1] = x[1].multiply(R).subtract(f2.multiply(k))
                .add(x[1].divide(-K).add(1).multiply(p2).multiply(k * M_P)).subtract(u[1].multiply(x[1]));
        dx[2] = p2.multiply(k * (1 - M_P)).add(f2.multiply(k * (1 - M_F)))
                .add(x[0].multiply(f2).multiply(k2 * M_F)).add(p2.multiply(x[1]).multiply(k2 * M_P));
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return x[2].add(u[0].multiply(u[0]).multiply(C_P)).add(u[1].multiply(u[1]).multiply(C_F));
    }
}
