package io.deadwood.control.learn;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import java.util.SplittableRandom;
import org.hipparchus.util.Binary64;

/**
 * Trajectories of the true system, as Myriad samples them to learn from: a start near the problem's
 * own, and a random walk of controls held over each of N equal intervals, integrated with RK4 at four
 * substeps per interval. {@code states[t]} has N+1 entries, {@code controls[t]} N.
 */
public record Trajectories(double[][][] states, double[][][] controls, int intervals) {

    public int count() { return states.length; }

    /**
     * @param low          lowest control the walk takes (the bounds where finite)
     * @param high         highest
     * @param startSpread  each start component is the problem's times 1 + this * U(-1, 1), kept within the state bounds
     * @param walkStep     the walk's step is this times the control range, times N(0, 1)
     */
    public static Trajectories sample(ControlProblem p, int count, int intervals, double[] low, double[] high,
                                      double startSpread, double walkStep, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = p.states(), m = p.controls();
        double[][][] xs = new double[count][][], us = new double[count][][];
        Bounds sb = p.stateBounds();
        int made = 0, tries = 0;
        while (made < count) {
            if (++tries > 20 * count) {
                throw new IllegalStateException(p.id() + ": " + (tries - made) + " of " + tries
                        + " sampled trajectories left the finite numbers, so only " + made + " of " + count + " were kept");
            }
            double[] x0 = p.initialState();
            for (int i = 0; i < n; i++) {
                double v = x0[i] * (1 + startSpread * (2 * rng.nextDouble() - 1));
                x0[i] = Math.min(Math.max(v, sb.lower()[i]), sb.upper()[i]);
            }
            double[][] u = new double[intervals][m];
            for (int k = 0; k < intervals; k++) {
                for (int j = 0; j < m; j++) {
                    double range = high[j] - low[j];
                    double v = k == 0 ? low[j] + range * rng.nextDouble() : u[k - 1][j] + walkStep * range * gaussian(rng);
                    u[k][j] = Math.min(Math.max(v, low[j]), high[j]);
                }
            }
            double[][] x = simulate(p, x0, u);
            if (x == null) continue;
            xs[made] = x;
            us[made] = u;
            made++;
        }
        return new Trajectories(xs, us, intervals);
    }

    /** States at the interval ends from x0 under held controls; null when they leave the finite numbers. */
    public static double[][] simulate(ControlProblem p, double[] x0, double[][] u) {
        int intervals = u.length, substeps = p.discreteTime() ? 1 : 4;
        double h = p.discreteTime() ? 1 : p.horizon() / intervals / substeps;
        double[][] out = new double[intervals + 1][];
        out[0] = x0.clone();
        Binary64[] x = Rollout.field(x0);
        for (int k = 0; k < intervals; k++) {
            Binary64[] uk = Rollout.field(u[k]);
            for (int s = 0; s < substeps; s++) {
                Binary64 t = new Binary64((k * substeps + s) * h);
                x = Rollout.step(p, Integrator.RK4, x, uk, t, new Binary64(h)).next();
            }
            out[k + 1] = Rollout.values(x);
            for (double v : out[k + 1]) if (!Double.isFinite(v)) return null;
        }
        return out;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller from two uniforms: SplittableRandom has no Gaussian of its own.
        double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
