package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code cancer-treatment}: Lenhart and Workman, chapter 10, lab 5 (after Fister and Panetta, SIAM
 * J. Appl. Math. 63(6), 2003); Myriad's {@code myriad/systems/lenhart/cancer_treatment.py}.
 *
 * <p>The normalised density x of a Gompertzian tumour under chemotherapy u with log-kill: minimise the
 * integral over [0, 20] of a x^2 + u^2 subject to dx/dt = r x ln(1/x) - u delta x, x(0) = 0.975, with
 * r = 0.3, a = 3, delta = 0.45. A true minimisation.
 *
 * <p>The book bounds only u &gt;= 0; Myriad uses u in [0, 2] ("based on the optimal policy") and
 * x in [1e-3, 1], which also keeps the logarithm defined. Those are the bounds here.
 */
public final class CancerTreatment implements ControlProblem {
    static final double R = 0.3, A = 3, DELTA = 0.45, X0 = 0.975, T = 20;

    @Override public String id() { return "cancer-treatment"; }
    @Override public String description() { return "Gompertzian tumour under chemotherapy: x' = r x ln(1/x) - u delta x, minimise the integral of a x^2 + u^2"; }
    @Override public String source() { return "Lenhart & Workman, ch. 10 lab 5; Myriad systems/lenhart/cancer_treatment.py, gin-configs/default.gin"; }
    @Override public int states() { return 1; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {X0}; }
    @Override public Bounds stateBounds() { return Bounds.of(1, 1e-3, 1); }
    @Override public Bounds controlBounds() { return Bounds.of(1, 0, 2); }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] dx = MathArrays.buildArray(t.getField(), 1);
        // r x ln(1/x) = -r x ln x
        dx[0] = x[0].multiply(x[0].log()).multiply(-R).subtract(u[0].multiply(x[0]).multiply(DELTA));
        return dx;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return x[0].multiply(x[0]).multiply(A).add(u[0].multiply(u[0]));
    }
}
