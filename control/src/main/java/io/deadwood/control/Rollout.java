package io.deadwood.control;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.Binary64;
import org.hipparchus.util.Binary64Field;
import org.hipparchus.util.MathArrays;

/**
 * Integrates a problem under piecewise-constant controls and adds up its cost, over any field: with
 * doubles to score a plan, with {@code Gradient} to differentiate through the whole rollout.
 */
public final class Rollout {
    private Rollout() {
    }

    /** States at the N+1 interval ends and the objective. */
    public record Result(double[][] states, double cost) {
    }

    /**
     * @param controls one control per interval, N = controls.length intervals of equal length
     * @param substeps integrator steps per interval
     */
    public static Result simulate(ControlProblem p, Integrator integrator, double[][] controls, int substeps) {
        Binary64Field field = Binary64Field.getInstance();
        Binary64[] x = field(p.initialState());
        int n = controls.length;
        double[][] states = new double[n + 1][];
        states[0] = p.initialState();
        Binary64 cost = field.getZero();
        double h = p.horizon() / n / substeps;
        for (int k = 0; k < n; k++) {
            Binary64[] u = field(controls[k]);
            for (int s = 0; s < substeps; s++) {
                Binary64 t = new Binary64((k * substeps + s) * h);
                Step<Binary64> step = step(p, integrator, x, u, t, new Binary64(h));
                x = step.next();
                cost = cost.add(step.cost());
            }
            states[k + 1] = values(x);
        }
        cost = cost.add(p.terminalCost(x, new Binary64(p.horizon())));
        return new Result(states, cost.getReal());
    }

    /** One integrator step of the state and of the running cost (integrated as an extra state). */
    public record Step<T extends CalculusFieldElement<T>>(T[] next, T cost) {
    }

    public static <T extends CalculusFieldElement<T>> Step<T> step(ControlProblem p, Integrator integrator, T[] x, T[] u, T t, T h) {
        if (p.discreteTime()) return new Step<>(p.dynamics(x, u, t), p.cost(x, u, t));
        int n = x.length;
        T[] augmented = MathArrays.buildArray(t.getField(), n + 1);
        System.arraycopy(x, 0, augmented, 0, n);
        augmented[n] = t.getField().getZero();
        T[] next = integrator.step((y, time) -> {
            T[] state = MathArrays.buildArray(time.getField(), n);
            System.arraycopy(y, 0, state, 0, n);
            T[] dx = p.dynamics(state, u, time);
            T[] out = MathArrays.buildArray(time.getField(), n + 1);
            System.arraycopy(dx, 0, out, 0, n);
            out[n] = p.cost(state, u, time);
            return out;
        }, augmented, t, h);
        T[] state = MathArrays.buildArray(t.getField(), n);
        System.arraycopy(next, 0, state, 0, n);
        return new Step<>(state, next[n]);
    }

    /** Doubles as field elements, to call a problem's generic dynamics and costs for values. */
    public static Binary64[] field(double[] v) {
        Binary64[] out = MathArrays.buildArray(Binary64Field.getInstance(), v.length);
        for (int i = 0; i < v.length; i++) out[i] = new Binary64(v[i]);
        return out;
    }

    /** The values of field elements. */
    public static double[] values(CalculusFieldElement<?>[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i].getReal();
        return out;
    }
}
