package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code harvest}: Lenhart and Workman, chapter 11, lab 6 (after Getz, Proc. Symp. Appl. Math. 30,
 * 1984); Myriad's {@code myriad/systems/lenhart/harvest.py}.
 *
 * <p>A population x harvested at rate u whose members' mass grows as k t / (t + 1): maximise the
 * integral over [0, 10] of A (k t / (t + 1)) x u - u^2 subject to dx/dt = -(m + u) x, x(0) = 0.4,
 * 0 &lt;= u &lt;= M, with A = 5, k = 10, m = 0.2, M = 1; the state is unbounded. Written as a
 * minimisation of u^2 - A (k t / (t + 1)) x u.
 */
public final class Harvest implements ControlProblem {
    static final double A = 5, K = 10, MORTALITY = 0.2, M = 1, X0 = 0.4, T = 10;

    @Override public String id() { return "harvest"; }
    @Override public String description() { return "harvesting a population whose mass grows: x' = -(m + u) x, maximise the integral of A (k t/(t+1)) x u - u^2"; }
    @Override public String source() { return "Lenhart & Workman, ch. 11 lab 6; Myriad systems/lenhart/harvest.py, gin-configs/default.gin"; }
    @Override public int states() { return 1; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {X0}; }
    @Override public Bounds stateBounds() { return Bounds.none(1); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, M); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 1);
        dx[0] = u[0].add(MORTALITY).multiply(x[0]).negate();
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        F mass = t.multiply(K).divide(t.add(1));
        return u[0].multiply(u[0]).subtract(mass.multiply(x[0]).multiply(u[0]).multiply(A));
    }
}
