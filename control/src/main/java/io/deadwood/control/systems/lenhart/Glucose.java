package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code glucose}: Lenhart and Workman, chapter 16, lab 10 (after Eisen, "Mathematical Methods and
 * Models in the Biological Sciences", 1988); Myriad's {@code myriad/systems/lenhart/glucose.py}.
 *
 * <p>Blood glucose x0 and net insulin concentration x1 of a diabetic given insulin u:
 * x0' = -a x0 - b x1, x1' = -c x1 + u, from x(0) = (0.75, 0); minimise the integral over [0, 0.2]
 * (days) of 100000 (A (x0 - l)^2 + u^2), with a = b = c = 1, A = 2, l = 0.5. A true minimisation.
 * The model is meant for short windows (T under 0.45).
 *
 * <p>Myriad's code multiplies the running cost by 100000 ("so we can actually see it"), which its
 * docstring and the book do not; the factor scales the objective, not the optimal control, and this
 * class keeps it so that costs compare with Myriad's. Bounds x0, x1 in [0, 1] and u in [0, 0.01] are
 * Myriad's; the book's lab has none.
 */
public final class Glucose implements ControlProblem {
    static final double A_RATE = 1, B = 1, C = 1, A = 2, L = 0.5, T = 0.2, SCALE = 100_000;

    @Override public String id() { return "glucose"; }
    @Override public String description() { return "insulin to hold a diabetic's blood glucose near a level l: x0' = -a x0 - b x1, x1' = -c x1 + u"; }
    @Override public String source() { return "Lenhart & Workman, ch. 16 lab 10; Myriad systems/lenhart/glucose.py, gin-configs/default.gin"; }
    @Override public int states() { return 2; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {0.75, 0}; }
    @Override public Bounds stateBounds() { return Bounds.of(2, 0, 1); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, 0.01); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 2);
        dx[0] = x[0].multiply(-A_RATE).subtract(x[1].multiply(B));
        dx[1] = x[1].multiply(-C).add(u[0]);
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        F off = x[0].subtract(L);
        return off.multiply(off).multiply(A).add(u[0].multiply(u[0])).multiply(SCALE);
    }
}
