package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.Nlp;
import io.deadwood.control.nlp.ScaledNlp;
import java.util.Arrays;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.util.MathArrays;

/**
 * A control problem written as an {@link Nlp} on N equal intervals. Objective, gradient,
 * constraints and Jacobian come from one forward-mode evaluation at z, kept until the solver asks
 * about another point, since solvers ask for them one after the other at the same z.
 */
abstract class Transcription implements Nlp {
    final ControlProblem p;
    final Integrator integrator;
    final int intervals;
    final int n, m;
    final double h;

    private double[] at;
    private double objective;
    private double[] gradient, constraints, jacobian;

    Transcription(ControlProblem p, Integrator integrator, int intervals) {
        if (intervals < 1) throw new IllegalArgumentException("intervals must be at least 1, got " + intervals);
        if (p.discreteTime() && intervals != Math.round(p.horizon())) {
            throw new IllegalArgumentException(p.id() + " is in discrete time with " + Math.round(p.horizon())
                    + " steps; use that many intervals, not " + intervals);
        }
        this.p = p;
        this.integrator = integrator;
        this.intervals = intervals;
        this.n = p.states();
        this.m = p.controls();
        this.h = p.horizon() / intervals;
    }

    /** The node times, states and controls that z stands for. */
    record Decoded(double[] times, double[][] states, ControlPlan controls) {
    }

    abstract Decoded decode(double[] z);

    /** The integration rule the transcription uses. */
    abstract String rule();

    /** Fills objective, gradient, constraint values and Jacobian values at z. */
    abstract void evaluate(double[] z, Values out);

    /** Where {@link #evaluate} writes. */
    static final class Values {
        double objective;
        double[] gradient, constraints, jacobian;
    }

    private void ensure(double[] z) {
        if (at != null && Arrays.equals(at, z)) return;
        Values v = new Values();
        v.gradient = new double[variables()];
        v.constraints = new double[constraints()];
        v.jacobian = new double[jacobianPattern().size()];
        evaluate(z, v);
        at = z.clone();
        objective = v.objective;
        gradient = v.gradient;
        constraints = v.constraints;
        jacobian = v.jacobian;
    }

    @Override public double objective(double[] z) { ensure(z); return objective; }

    @Override public double[] gradient(double[] z) { ensure(z); return gradient.clone(); }

    @Override public double[] constraintValues(double[] z) { ensure(z); return constraints.clone(); }

    @Override public double[] jacobianValues(double[] z) { ensure(z); return jacobian.clone(); }

    /** z[from .. from+length) as the independent variables of a Gradient with {@code free} parameters, starting at index {@code first}. */
    static Gradient[] variables(double[] z, int from, int length, int free, int first) {
        Gradient[] out = MathArrays.buildArray(Gradient.constant(free, 0).getField(), length);
        for (int i = 0; i < length; i++) out[i] = Gradient.variable(free, first + i, z[from + i]);
        return out;
    }

    static Gradient[] constants(double[] v, int free) {
        Gradient[] out = MathArrays.buildArray(Gradient.constant(free, 0).getField(), v.length);
        for (int i = 0; i < v.length; i++) out[i] = Gradient.constant(free, v[i]);
        return out;
    }

    /**
     * This NLP in units of order one, the form solvers are given. Every variable and constraint
     * keeps its own units here (scale 1); transcriptions with states among their variables scale them.
     */
    ScaledNlp scaled() {
        double[] ones = new double[variables()], rows = new double[constraints()];
        Arrays.fill(ones, 1);
        Arrays.fill(rows, 1);
        return new ScaledNlp(this, ones, rows, 1);
    }

    /**
     * A typical size of each state: the largest magnitude it takes at the start, at a fixed end and
     * along the guess rollout, at least 1. A guess rollout that runs away (beyond a million times the
     * start) is not typical and is left out.
     */
    double[] stateScale(double[][] guessStates) {
        double[] scale = new double[n];
        double[] end = p.terminalState();
        for (int i = 0; i < n; i++) {
            double start = Math.abs(p.initialState()[i]);
            double typical = Math.max(1, start);
            if (end != null && !Double.isNaN(end[i])) typical = Math.max(typical, Math.abs(end[i]));
            double cap = 1e6 * Math.max(1, start);
            for (double[] x : guessStates) {
                double v = Math.abs(x[i]);
                if (Double.isFinite(v) && v <= cap) typical = Math.max(typical, v);
            }
            scale[i] = typical;
        }
        return scale;
    }

    /** A typical size of each control: the larger magnitude of its bounds where both are finite, else 1. */
    double[] controlScale() {
        double[] scale = new double[m];
        double[] lo = p.controlBounds().lower(), hi = p.controlBounds().upper();
        for (int j = 0; j < m; j++) {
            double big = Math.max(Math.abs(lo[j]), Math.abs(hi[j]));
            scale[j] = Double.isFinite(big) && big > 0 ? big : 1;
        }
        return scale;
    }

    /** A typical size of the objective: its magnitude at the start, at least 1. */
    double objectiveScale() {
        double f = Math.abs(objective(start()));
        return Double.isFinite(f) ? Math.max(1, f) : 1;
    }

    /** The guess control, repeated. */
    double[] guessControl() {
        double[] u = p.guessControl();
        double[] lo = p.controlBounds().lower(), hi = p.controlBounds().upper();
        for (int j = 0; j < m; j++) u[j] = Math.min(Math.max(u[j], lo[j]), hi[j]);
        return u;
    }
}
