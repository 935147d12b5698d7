package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import io.deadwood.control.nlp.SparsityPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * Single shooting: the variables are one control per interval, held constant; states come from
 * rolling the integrator forward one step per interval. State bounds become path constraints at the
 * interval ends and a fixed terminal state becomes equalities on the last state. The Jacobian is
 * lower block-triangular: the state at the end of interval k depends on the controls before it.
 */
final class SingleShooting extends Transcription {
    /** Constraint rows: state component {@code component} at the end of interval {@code end}, in [lo, hi]. */
    private record Row(int end, int component, double lo, double hi) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final SparsityPattern pattern;

    SingleShooting(ControlProblem p, Integrator integrator, int intervals) {
        super(p, integrator, intervals);
        double[] lo = p.stateBounds().lower(), hi = p.stateBounds().upper();
        for (int k = 1; k <= intervals; k++) {
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(lo[i]) || Double.isFinite(hi[i])) rows.add(new Row(k, i, lo[i], hi[i]));
            }
        }
        double[] end = p.terminalState();
        if (end != null) for (int i = 0; i < n; i++) if (!Double.isNaN(end[i])) rows.add(new Row(intervals, i, end[i], end[i]));
        int entries = 0;
        for (Row r : rows) entries += r.end() * m;
        int[] ri = new int[entries], ci = new int[entries];
        int e = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int j = 0; j < rows.get(r).end() * m; j++, e++) {
                ri[e] = r;
                ci[e] = j;
            }
        }
        pattern = new SparsityPattern(rows.size(), variables(), ri, ci);
    }

    @Override String rule() { return integrator.id(); }
    @Override public int variables() { return intervals * m; }
    @Override public int constraints() { return rows.size(); }
    @Override public SparsityPattern jacobianPattern() { return pattern; }

    @Override
    public double[] variableLower() { return repeat(p.controlBounds().lower()); }

    @Override
    public double[] variableUpper() { return repeat(p.controlBounds().upper()); }

    @Override
    public double[] constraintLower() { return rows.stream().mapToDouble(Row::lo).toArray(); }

    @Override
    public double[] constraintUpper() { return rows.stream().mapToDouble(Row::hi).toArray(); }

    @Override
    public double[] start() { return repeat(guessControl()); }

    private double[] repeat(double[] u) {
        double[] z = new double[variables()];
        for (int k = 0; k < intervals; k++) System.arraycopy(u, 0, z, k * m, m);
        return z;
    }

    @Override
    void evaluate(double[] z, Values out) {
        int free = variables();
        Gradient[] x = constants(p.initialState(), free);
        Gradient cost = Gradient.constant(free, 0);
        Gradient[][] states = new Gradient[intervals + 1][];
        states[0] = x;
        for (int k = 0; k < intervals; k++) {
            Gradient[] u = variables(z, k * m, m, free, k * m);
            Rollout.Step<Gradient> step = Rollout.step(p, integrator, x, u, Gradient.constant(free, k * h), Gradient.constant(free, h));
            x = step.next();
            cost = cost.add(step.cost());
            states[k + 1] = x;
        }
        cost = cost.add(p.terminalCost(x, Gradient.constant(free, p.horizon())));
        out.objective = cost.getValue();
        System.arraycopy(cost.getGradient(), 0, out.gradient, 0, free);
        int e = 0;
        for (int r = 0; r < rows.size(); r++) {
            Gradient s = states[rows.get(r).end()][rows.get(r).component()];
            out.constraints[r] = s.getValue();
            double[] g = s.getGradient();
            int width = rows.get(r).end() * m;
            System.arraycopy(g, 0, out.jacobian, e, width);
            e += width;
        }
    }

    @Override
    Decoded decode(double[] z) {
        double[][] u = new double[intervals][];
        for (int k = 0; k < intervals; k++) u[k] = Arrays.copyOfRange(z, k * m, (k + 1) * m);
        double[][] states = Rollout.simulate(p, integrator, u, 1).states();
        double[] times = new double[intervals + 1];
        for (int k = 0; k <= intervals; k++) times[k] = k * h;
        return new Decoded(times, states, new ControlPlan(ControlPlan.Hold.CONSTANT, p.horizon(), u));
    }
}
