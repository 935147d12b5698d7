package io.deadwood.control.systems.lenhart;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * {@code invasive-plant}: Lenhart and Workman, chapter 24, lab 14 (after Whittle, Lenhart and Gross,
 * 2007, and Moody and Mack, J. Appl. Ecol. 25, 1988); Myriad's
 * {@code myriad/systems/lenhart/invasive_plant.py}. Discrete time: the horizon counts 10 years.
 *
 * <p>The radii x_j of a main focus and four satellite populations of an invasive plant grow each year,
 * then a fraction u_j of each is removed:
 * x_j[t+1] = (x_j[t] + k x_j[t] / (eps + x_j[t])) (1 - u_j[t]), from x[0] = (0.5, 1, 1.5, 2, 10),
 * 0 &lt;= u_j &lt;= 1. Minimise the sum over j of x_j[T] + B times the sum over t &lt; T of u_j[t]^2,
 * with B = 1, k = 1, eps = 0.01. A true minimisation; the states are unbounded. As in Myriad, the
 * terminal term is linear in x (the book's original is quadratic).
 *
 * <p>Two places where the sources disagree, and what this class does. Controls: issue 16 counts one
 * control, but Myriad's code bounds five and removes a separate fraction from each focus, as its
 * docstring's u_{j,t} says; this class has five controls. Terminal cost: Myriad's class defines no
 * terminal cost function (only its forward-backward sweep handles this system, and there the sum of
 * the x_j[T] enters through the adjoint's end condition lambda(T) = 1), while its docstring states
 * the sum in the objective; this class includes it, without which the optimum would be u = 0.
 */
public final class InvasivePlant implements ControlProblem {
    static final double B = 1, K = 1, EPS = 0.01, T = 10;
    static final int FOCI = 5;

    @Override public String id() { return "invasive-plant"; }
    @Override public String description() { return "yearly removal from five foci of an invasive plant (discrete time): minimise the final radii plus the removal cost"; }
    @Override public String source() { return "Lenhart & Workman, ch. 24 lab 14; Myriad systems/lenhart/invasive_plant.py, gin-configs/default.gin"; }
    @Override public int states() { return FOCI; }
    @Override public int controls() { return FOCI; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {0.5, 1, 1.5, 2, 10}; }
    @Override public Bounds stateBounds() { return Bounds.none(FOCI); }
    @Override public Bounds controlBounds() { return Bounds.of(FOCI, 0, 1); }
    @Override public boolean discreteTime() { return true; }
    @Override public boolean lenhart() { return true; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F[] next = MathArrays.buildArray(t.getField(), FOCI);
        for (int j = 0; j < FOCI; j++) {
            F grown = x[j].add(x[j].multiply(K).divide(x[j].add(EPS)));
            next[j] = grown.multiply(u[j].negate().add(1));
        }
        return next;
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        F sum = t.getField().getZero();
        for (int j = 0; j < FOCI; j++) sum = sum.add(u[j].multiply(u[j]));
        return sum.multiply(B);
    }

    @Override
    public <F extends CalculusFieldElement<F>> F terminalCost(F[] x, F t) {
        F sum = t.getField().getZero();
        for (int j = 0; j < FOCI; j++) sum = sum.add(x[j]);
        return sum;
    }
}
