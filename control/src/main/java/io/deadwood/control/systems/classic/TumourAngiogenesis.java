package io.deadwood.control.systems.classic;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import org.hipparchus.CalculusFieldElement;

/**
 * {@code tumour-angiogenesis}: shrink a tumour by starving its blood supply with a limited amount of
 * an anti-angiogenic drug. Source: J. T. Betts, "Practical Methods for Optimal Control Using
 * Nonlinear Programming", 3rd ed., SIAM 2020, section 10.70 (after U. Ledzewicz and H. Schaettler's
 * model of Hahnfeldt et al.); as coded in Myriad's {@code myriad/systems/miscellaneous/tumour.py}.
 *
 * <p>State (p, q, y): tumour volume, vascular (endothelial) capacity, cumulative dose. Control u,
 * the dose rate. Minimise p(T) (a terminal cost; no running cost) at T = 1.2 days subject to
 * <pre>
 *   p' = -xi p ln(p / q),   q' = q (b - (mu + d p^(2/3) + G u)),   y' = u
 * </pre>
 * with xi = 0.084, b = 5.85, d = 0.00873, G = 0.15, mu = 0.02 (Myriad's defaults; {@code default.gin}
 * sets none), p* = q* = ((b - mu) / d)^(3/2) (the stable equilibrium), x(0) = (p* / 2, q* / 4, 0),
 * p in [0, p*], q in [0, q*], y in [0, 15] (the total-dose limit A), u in [0, 75]. The end state is
 * free. Ledzewicz and Schaettler leave the final time free; Myriad fixes it at 1.2 days.
 *
 * <p>The q equation is Myriad's code, which grows q at b q; the model of Betts and of Ledzewicz and
 * Schaettler (and Myriad's docstring) stimulates it by the tumour, b p:
 * {@link TumourAngiogenesisBetts} ({@code tumour-angiogenesis-betts}) is that version.
 */
public class TumourAngiogenesis implements ControlProblem {
    static final double XI = 0.084, B = 5.85, D = 0.00873, G = 0.15, MU = 0.02;
    static final double MAX_DOSE_RATE = 75, MAX_TOTAL_DOSE = 15, T = 1.2;
    /** The equilibrium p* = q*, the upper bound on both and the scale of the start. */
    static final double EQUILIBRIUM = Math.pow((B - MU) / D, 3.0 / 2);

    private final boolean betts;

    public TumourAngiogenesis() {
        this(false);
    }

    TumourAngiogenesis(boolean betts) {
        this.betts = betts;
    }

    @Override public String id() { return "tumour-angiogenesis"; }
    @Override public String description() { return "tumour anti-angiogenesis therapy under a total-dose limit (Myriad's code: q grows at b q)"; }
    @Override public String source() { return "Betts 2020, Practical Methods for Optimal Control, 3rd ed., section 10.70; Myriad myriad/systems/miscellaneous/tumour.py"; }
    @Override public int states() { return 3; }
    @Override public int controls() { return 1; }
    @Override public double horizon() { return T; }
    @Override public double[] initialState() { return new double[] {EQUILIBRIUM / 2, EQUILIBRIUM / 4, 0}; }

    @Override
    public Bounds stateBounds() {
        return new Bounds(new double[3], new double[] {EQUILIBRIUM, EQUILIBRIUM, MAX_TOTAL_DOSE});
    }

    @Override public Bounds controlBounds() { return Bounds.of(1, 0, MAX_DOSE_RATE); }

    /** The constant rate that spends exactly the total allowance: the middle of the rate bounds would break it threefold. */
    @Override public double[] guessControl() { return new double[] {MAX_TOTAL_DOSE / T}; }

    @Override
    public <F extends CalculusFieldElement<F>> F[] dynamics(F[] x, F[] u, F t) {
        F p = x[0], q = x[1];
        F dp = p.multiply(p.divide(q).log()).multiply(-XI);
        F loss = p.pow(2.0 / 3).multiply(D).add(MU).add(u[0].multiply(G)).multiply(q);
        F dq = (betts ? p : q).multiply(B).subtract(loss);
        return Fields.vector(dp, dq, u[0]);
    }

    @Override
    public <F extends CalculusFieldElement<F>> F cost(F[] x, F[] u, F t) {
        return t.getField().getZero();
    }

    @Override
    public <F extends CalculusFieldElement<F>> F terminalCost(F[] x, F t) {
        return x[0];
    }
}
