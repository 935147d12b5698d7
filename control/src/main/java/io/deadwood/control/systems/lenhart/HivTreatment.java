package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code hiv-treatment}: Lenhart and Workman, chapter 14, lab 8 (after Butler, Kirschner and Lenhart,
 * 1997); Myriad's {@code myriad/systems/lenhart/hiv_treatment.py}.
 *
 * <p>Uninfected CD4+ T cells x0, infected cells x1 and free virus x2 under a drug that lowers the
 * virus' infectivity; u = 1 is no therapy, u = 0 full therapy:
 * <pre>
 *   x0' = s / (1 + x2) - m1 x0 + r x0 (1 - (x0 + x1) / Tmax) - u k x0 x2
 *   x1' = u k x0 x2 - m2 x1
 *   x2' = N m2 x1 - m3 x2
 * </pre>
 * Maximise the integral over [0, 20] of A x0 - (1 - u)^2 from x(0) = (800, 0.04, 1.5), u in [0, 1],
 * with s = 10, m1 = 0.02, m2 = 0.5, m3 = 4.4, r = 0.03, Tmax = 1500, k = 2.4e-5, N = 300, A = 0.05.
 * Written as a minimisation of (1 - u)^2 - A x0.
 *
 * <p>The state bounds x0 in [0, 1600], x1 and x2 in [0, 100] are Myriad's additions (the book has
 * none). Myriad's docstring omits the infection term -u k x0 x2 from x0'; its code, like the book,
 * has it, and so does this class.
 */
public final class HivTreatment implements ControlProblem {
    static final double S = 10, M1 = 0.02, M2 = 0.5, M3 = 4.4, R = 0.03, T_MAX = 1500, K = 0.000024, N = 300, A = 0.05, T = 20;

    @Override public String id() { return "hiv-treatment"; }
    @Override public String description() { return "chemotherapy lowering HIV's infectivity: maximise uninfected T cells less the cost of treatment"; }
    @Override public String source() { return "Lenhart & Workman, ch. 14 lab 8; Myriad systems/lenhart/hiv_treatment.py, gin-configs/default.gin"; }
    @Override public int states() { return 3; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {800, 0.04, 1.5}; }
    @Override public Bounds stateBounds() { return new Bounds(new double[] {0, 0, 0}, new double[] {1600, 100, 100}); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, 1); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F infection = u[0].multiply(x[0]).multiply(x[2]).multiply(K);
        F logistic = x[0].add(x[1]).divide(-T_MAX).add(1).multiply(x[0]).multiply(R);
        F[] dx = MathArrays.buildArray(t.getField(), 3);
        dx[0] = x[2].add(1).reciprocal().multiply(S).subtract(x[0].multiply(M1)).add(logistic).subtract(infection);
        dx[1] = infection.subtract(x[1].multiply(M2));
        dx[2] = x[1].multiply(N * M2).subtract(x[2].multiply(M3));
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        F untreated = u[0].negate().add(1);
        return untreated.multiply(untreated).subtract(x[0].multiply(A));
    }
}
