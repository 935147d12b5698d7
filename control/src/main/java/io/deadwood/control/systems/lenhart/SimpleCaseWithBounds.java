package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code simple-case-with-bounds}: Lenhart and Workman, chapter 9, lab 4; Myriad's
 * {@code myriad/systems/lenhart/simple_case_with_bounds.py}.
 *
 * <p>Maximise the integral over [0, 1] of A x - u^2 subject to dx/dt = -x^2 / 2 + C u, x(0) = 1,
 * M1 &lt;= u &lt;= M2, with A = 1, C = 4, M1 = -1, M2 = 2. Written as a minimisation of u^2 - A x.
 *
 * <p>The state bound x in [0, 3] is Myriad's addition ("based on observation of the true optimal
 * trajectory"); the book bounds only the control.
 */
public final class SimpleCaseWithBounds implements ControlProblem {
    static final double A = 1, C = 4, M1 = -1, M2 = 2, X0 = 1, T = 1;

    @Override public String id() { return "simple-case-with-bounds"; }
    @Override public String description() { return "the simple case with the control bounded: x' = -x^2/2 + C u, M1 <= u <= M2"; }
    @Override public String source() { return "Lenhart & Workman, ch. 9 lab 4; Myriad systems/lenhart/simple_case_with_bounds.py, gin-configs/default.gin"; }
    @Override public int states() { return 1; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {X0}; }
    @Override public Bounds stateBounds() { return Bounds.of(1, 0, 3); }
    @Override public Bounds controlBounds() { return Bounds.of(1, M1, M2); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 1);
        dx[0] = x[0].multiply(x[0]).multiply(-0.5).add(u[0].multiply(C));
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return u[0].multiply(u[0]).subtract(x[0].multiply(A));
    }
}
