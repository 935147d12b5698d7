package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import io.deadwood.control.nlp.ScaledNlp;
import io.deadwood.control.nlp.SparsityPattern;
import java.util.Arrays;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * Transcriptions whose variables are states and controls at points along the horizon and whose
 * constraints couple only neighbouring points: multiple shooting and collocation. The variables are
 * laid out interval by interval, {@code pointsPerInterval} (state, control) points each, then the
 * last node's state (and control, where the method has one there); interval k's constraints and
 * cost depend on one contiguous block of them, so its Jacobian rows are one dense block of a banded
 * matrix, differentiated with a Gradient over that block only. State bounds and the fixed start and
 * end states are variable bounds.
 */
abstract class BlockTranscription extends Transcription {
    final int point, stride, width, rowsPerInterval;
    private final boolean lastControl;
    private final SparsityPattern pattern;

    /** What interval k contributes: its constraint residuals and its share of the running cost. */
    record Block<T>(T[] residual, T cost) {
    }

    BlockTranscription(ControlProblem p, Integrator integrator, int intervals, int pointsPerInterval,
                       boolean lastControl, int rowsPerInterval) {
        super(p, integrator, intervals);
        this.point = n + m;
        this.stride = pointsPerInterval * point;
        this.lastControl = lastControl;
        this.width = stride + n + (lastControl ? m : 0);
        this.rowsPerInterval = rowsPerInterval;
        int entries = intervals * rowsPerInterval * width;
        int[] ri = new int[entries], ci = new int[entries];
        int e = 0;
        for (int k = 0; k < intervals; k++) {
            for (int r = 0; r < rowsPerInterval; r++) {
                for (int j = 0; j < width; j++, e++) {
                    ri[e] = k * rowsPerInterval + r;
                    ci[e] = k * stride + j;
                }
            }
        }
        pattern = new SparsityPattern(constraints(), variables(), ri, ci);
    }

    /** Interval k's block: {@code local} is its contiguous slice of the variables, t0 its start time. */
    abstract <T extends CalculusFieldElement<T>> Block<T> block(T[] local, T t0, T h);

    @Override public int variables() { return intervals * stride + n + (lastControl ? m : 0); }
    @Override public int constraints() { return intervals * rowsPerInterval; }
    @Override public SparsityPattern jacobianPattern() { return pattern; }
    @Override public double[] constraintLower() { return new double[constraints()]; }
    @Override public double[] constraintUpper() { return new double[constraints()]; }

    @Override
    public double[] variableLower() { return bounds(p.stateBounds().lower(), p.controlBounds().lower()); }

    @Override
    public double[] variableUpper() { return bounds(p.stateBounds().upper(), p.controlBounds().upper()); }

    private double[] bounds(double[] state, double[] control) {
        double[] z = fill(state, control);
        System.arraycopy(p.initialState(), 0, z, 0, n);
        double[] end = p.terminalState();
        if (end != null) for (int i = 0; i < n; i++) if (!Double.isNaN(end[i])) z[intervals * stride + i] = end[i];
        return z;
    }

    /** Every point's state set to {@code state} and control to {@code control}. */
    private double[] fill(double[] state, double[] control) {
        double[] z = new double[variables()];
        for (int at = 0; at < z.length; at += point) {
            System.arraycopy(state, 0, z, at, n);
            if (at + n < z.length) System.arraycopy(control, 0, z, at + n, m);
        }
        return z;
    }

    /** States and controls in units of their typical sizes, each defect row in the units of its state, the objective in its size at the start. */
    @Override
    ScaledNlp scaled() {
        double[] typical = stateScale(guessRollout());
        double[] s = new double[variables()];
        Arrays.fill(s, 1);
        double[] control = controlScale();
        for (int at = 0; at < s.length; at += point) {
            System.arraycopy(typical, 0, s, at, Math.min(n, s.length - at));
            if (at + n < s.length) System.arraycopy(control, 0, s, at + n, m);
        }
        double[] r = new double[constraints()];
        for (int row = 0; row < r.length; row++) r[row] = typical[row % rowsPerInterval % n];
        return new ScaledNlp(this, s, r, objectiveScale());
    }

    private double[][] guessRollout() {
        double[][] guessU = new double[intervals][];
        Arrays.fill(guessU, guessControl());
        return Rollout.simulate(p, p.discreteTime() ? integrator : Integrator.RK4, guessU, 1).states();
    }

    /** The guess control everywhere, and the states of the rollout under it (midpoints: the mean of their nodes). */
    @Override
    public double[] start() {
        double[] u = guessControl();
        double[][] xs = guessRollout();
        double[] lo = p.stateBounds().lower(), hi = p.stateBounds().upper();
        double[] z = fill(new double[n], u);
        int perInterval = stride / point;
        for (int j = 0; j * point < z.length; j++) {
            int k = j / perInterval, q = j % perInterval;
            for (int i = 0; i < n; i++) {
                double v = q == 0 ? xs[k][i] : (xs[k][i] + xs[k + 1][i]) / 2;
                // A guess rollout that diverges starts from the initial state instead.
                if (!Double.isFinite(v)) v = p.initialState()[i];
                z[j * point + i] = Math.min(Math.max(v, lo[i]), hi[i]);
            }
        }
        double[] zl = variableLower(), zu = variableUpper();
        for (int i = 0; i < z.length; i++) z[i] = Math.min(Math.max(z[i], zl[i]), zu[i]);
        return z;
    }

    @Override
    void evaluate(double[] z, Values out) {
        out.objective = 0;
        for (int k = 0; k < intervals; k++) {
            Gradient[] local = variables(z, k * stride, width, width, 0);
            Block<Gradient> b = block(local, Gradient.constant(width, k * h), Gradient.constant(width, h));
            out.objective += b.cost().getValue();
            double[] g = b.cost().getGradient();
            for (int j = 0; j < width; j++) out.gradient[k * stride + j] += g[j];
            for (int r = 0; r < rowsPerInterval; r++) {
                int row = k * rowsPerInterval + r;
                out.constraints[row] = b.residual()[r].getValue();
                System.arraycopy(b.residual()[r].getGradient(), 0, out.jacobian, row * width, width);
            }
        }
        int last = intervals * stride;
        Gradient[] end = variables(z, last, n, n, 0);
        Gradient phi = p.terminalCost(end, Gradient.constant(n, p.horizon()));
        out.objective += phi.getValue();
        double[] g = phi.getGradient();
        for (int i = 0; i < n; i++) out.gradient[last + i] += g[i];
    }

    double[] stateAt(double[] z, int offset) { return Arrays.copyOfRange(z, offset, offset + n); }

    double[] controlAt(double[] z, int offset) { return Arrays.copyOfRange(z, offset + n, offset + n + m); }

    double[] times() {
        double[] t = new double[intervals + 1];
        for (int k = 0; k <= intervals; k++) t[k] = k * h;
        return t;
    }

    double[][] nodeStates(double[] z) {
        double[][] x = new double[intervals + 1][];
        for (int k = 0; k <= intervals; k++) x[k] = stateAt(z, k * stride);
        return x;
    }

    /** Slices of a field array. */
    static <T> T[] slice(T[] a, int from, int length) { return Arrays.copyOfRange(a, from, from + length); }
}
