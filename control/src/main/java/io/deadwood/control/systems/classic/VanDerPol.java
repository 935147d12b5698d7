package io.deadwood.control.systems.classic;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;

/**
 * {@code van-der-pol}: drive a forced Van der Pol oscillator to the origin. Source: the CasADi
 * user guide's optimal-control example (v1.8), as coded in Myriad's
 * {@code myriad/systems/miscellaneous/van_der_pol.py}.
 *
 * <p>Minimise the integral over [0, 10] of x0^2 + x1^2 + u^2 subject to
 * x0' = a (1 - x1^2) x0 - x1 + u, x1' = x0, with a = 1 (Myriad's default; {@code default.gin}
 * sets none), x(0) = (0, 1), x0 and x1 in [-4, 4] (Myriad's bounds, "from observation"),
 * u in [-0.75, 1]. The end state (0, 0) is fixed (a hard constraint), not penalised. Myriad's code
 * and docstring agree here.
 */
public final class VanDerPol implements ControlProblem {
    static final double A = 1;

    @Override public String id() { return "van-der-pol"; }
    @Override public String description() { return "forced Van der Pol oscillator driven to the origin"; }
    @Override public String source() { return "CasADi user guide v1.8 optimal-control example; Myriad myriad/systems/miscellaneous/van_der_pol.py"; }
    @Override public int states() { return 2; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return 10; }
    @Override public double[] initialState() { return new double[] {0, 1}; }
    @Override public double[] terminalState() { return new double[] {0, 0}; }
    @Override public Bounds stateBounds() { return Bounds.of(2, -4, 4); }
    @Override public Bounds controlBounds() { return Bounds.of(1, -0.75, 1); }

    @Override
    public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
        T damping = x[1].multiply(x[1]).negate().add(1).multiply(A);
        return Fields.vector(damping.multiply(x[0]).subtract(x[1]).add(u[0]), x[0]);
    }

    @Override
    public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) {
        return x[0].multiply(x[0]).add(x[1].multiply(x[1])).add(u[0].multiply(u[0]));
    }
}
