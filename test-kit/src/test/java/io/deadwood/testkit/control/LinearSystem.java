package io.deadwood.testkit.control;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/** A damped two-state linear system with one bounded control: dx/dt = A x + B u, quadratic cost. */
final class LinearSystem implements ControlProblem {
    static final double[][] A = {{-0.4, 1.2}, {-0.8, -0.3}};
    static final double[] B = {0.5, 1.5};

    @Override public String id() { return "linear-test"; }
    @Override public String description() { return "two-state damped linear system"; }
    @Override public String source() { return "a test"; }
    @Override public int states() { return 2; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return 4; }
    @Override public double[] initialState() { return new double[] {1, -0.5}; }
    @Override public Bounds stateBounds() { return Bounds.none(2); }
    @Override public Bounds controlBounds() { return Bounds.of(1, -1, 1); }

    @Override
    public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
        T[] dx = MathArrays.buildArray(t.getField(), 2);
        for (int i = 0; i < 2; i++) dx[i] = x[0].multiply(A[i][0]).add(x[1].multiply(A[i][1])).add(u[0].multiply(B[i]));
        return dx;
    }

    @Override
    public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) {
        return x[0].multiply(x[0]).add(x[1].multiply(x[1])).add(u[0].multiply(u[0]).multiply(0.1));
    }
}
