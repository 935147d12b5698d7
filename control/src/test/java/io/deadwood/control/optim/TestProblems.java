package io.deadwood.control.optim;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.systems.LinearQuadratic;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/** Small problems that exercise what lqr does not: nonlinear dynamics, bounds, a fixed end, time dependence, discrete time. */
final class TestProblems {
    private TestProblems() {
    }

    /**
     * A damped pendulum driven to angle 1 at T = 2 (angular velocity free) with |velocity| <= 1.2 and
     * |u| <= 3; running cost u^2 + x1^2 t / 10, terminal cost x1 x2^2.
     */
    static final class Pendulum implements ControlProblem {
        @Override public String id() { return "test-pendulum"; }
        @Override public String description() { return "test pendulum"; }
        @Override public String source() { return "test only"; }
        @Override public int states() { return 2; }
        @Override public int controls() { return 1; }
        @Override public double horizon() { return 2; }
        @Override public double[] initialState() { return new double[] {0, 0}; }
        @Override public Bounds stateBounds() { return new Bounds(new double[] {Double.NEGATIVE_INFINITY, -1.2}, new double[] {Double.POSITIVE_INFINITY, 1.2}); }
        @Override public Bounds controlBounds() { return Bounds.of(1, -3, 3); }
        @Override public double[] terminalState() { return new double[] {1, Double.NaN}; }

        @Override
        public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
            T[] dx = MathArrays.buildArray(t.getField(), 2);
            dx[0] = x[1];
            dx[1] = u[0].subtract(x[0].sin()).subtract(x[1].multiply(0.1));
            return dx;
        }

        @Override
        public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) {
            return u[0].multiply(u[0]).add(x[0].multiply(x[0]).multiply(t).multiply(0.1));
        }

        @Override
        public <T extends CalculusFieldElement<T>> T terminalCost(T[] x, T t) {
            return x[0].multiply(x[1]).multiply(x[1]);
        }
    }

    /** The scalar LQR with x >= 0.6 along the way, which its unconstrained optimum breaks (it ends near 0.37). */
    static ControlProblem stateBoundedLqr() {
        return new LenhartVariant(new LinearQuadratic(), "test-state-bounded-lqr", Bounds.of(1, 0.6, Double.POSITIVE_INFINITY), Bounds.none(1));
    }

    /** The scalar LQR with |u| <= 0.7, which binds over the first part of the horizon; flagged as Lenhart's so that the sweep takes it. */
    static ControlProblem boundedLqr() {
        return new LenhartVariant(new LinearQuadratic(), "test-bounded-lqr", Bounds.none(1), Bounds.of(1, -0.7, 0.7));
    }

    /**
     * A discrete-time scalar LQR, x[k+1] = A x[k] + B u[k], cost sum of Q x^2 + R u^2 over 12 steps
     * plus S x[12]^2; {@link #optimalCost()} by the Riccati recursion.
     */
    static final class DiscreteLqr implements ControlProblem {
        static final double A = 0.95, B = 0.4, Q = 1, R = 1, S = 1, X0 = 2;
        static final int STEPS = 12;

        @Override public String id() { return "test-discrete-lqr"; }
        @Override public String description() { return "discrete-time lqr"; }
        @Override public String source() { return "test only"; }
        @Override public int states() { return 1; }
        @Override public int controls() { return 1; }
        @Override public double horizon() { return STEPS; }
        @Override public double[] initialState() { return new double[] {X0}; }
        @Override public Bounds stateBounds() { return Bounds.none(1); }
        @Override public Bounds controlBounds() { return Bounds.none(1); }
        @Override public boolean discreteTime() { return true; }
        @Override public boolean lenhart() { return true; }

        @Override
        public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
            T[] next = MathArrays.buildArray(t.getField(), 1);
            next[0] = x[0].multiply(A).add(u[0].multiply(B));
            return next;
        }

        @Override
        public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) {
            return x[0].multiply(x[0]).multiply(Q).add(u[0].multiply(u[0]).multiply(R));
        }

        @Override
        public <T extends CalculusFieldElement<T>> T terminalCost(T[] x, T t) {
            return x[0].multiply(x[0]).multiply(S);
        }

        static double optimalCost() {
            double p = S;
            for (int k = 0; k < STEPS; k++) p = Q + A * A * p - A * A * B * B * p * p / (R + B * B * p);
            return p * X0 * X0;
        }
    }
}
