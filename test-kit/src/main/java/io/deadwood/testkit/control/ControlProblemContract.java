package io.deadwood.testkit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.ControlProblems;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import java.util.SplittableRandom;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.util.Binary64;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.Test;

/**
 * What every control problem promises: it is found by id; its dimensions, bounds and start agree;
 * its exact derivatives (forward-mode, through the one generic definition) equal central finite
 * differences at points near its start; and fixed-step RK4 at a fine step matches Hipparchus'
 * Dormand-Prince 8(5,3) to 1e-6 under its guess control. A problem's test extends this and names it.
 */
public abstract class ControlProblemContract {

    protected abstract ControlProblem problem();

    /** How far from the start (relative to the state's scale) the derivative checks look. */
    protected double spread() { return 0.05; }

    /** RK4 steps over the horizon for the integration check. */
    protected int fineSteps() { return 4000; }

    @Test
    void isDiscoveredById() {
        ControlProblems found = ControlProblems.discover(getClass().getClassLoader());
        assertEquals(problem().getClass(), found.get(problem().id()).getClass());
        assertTrue(problem().id().matches("[a-z0-9-]+"), problem().id());
        assertFalse(problem().description().isBlank());
        assertFalse(problem().source().isBlank());
    }

    @Test
    void dimensionsBoundsAndStartAgree() {
        ControlProblem p = problem();
        assertTrue(p.states() >= 1 && p.controls() >= 1);
        assertTrue(p.horizon() > 0 && Double.isFinite(p.horizon()), "horizon " + p.horizon());
        assertEquals(p.states(), p.initialState().length);
        assertEquals(p.states(), p.stateBounds().size());
        assertEquals(p.controls(), p.controlBounds().size());
        assertTrue(p.stateBounds().contains(p.initialState(), 1e-12), "the start is outside the state bounds");
        assertTrue(p.controlBounds().contains(p.guessControl(), 1e-12), "the guess control is outside the bounds");
        if (p.terminalState() != null) assertEquals(p.states(), p.terminalState().length);
        Binary64[] dx = p.dynamics(Rollout.field(p.initialState()), Rollout.field(p.guessControl()), new Binary64(0));
        assertEquals(p.discreteTime() ? p.states() : p.states(), dx.length);
        for (Binary64 v : dx) assertTrue(Double.isFinite(v.getReal()), "dynamics at the start is not finite");
    }

    @Test
    void derivativesEqualFiniteDifferences() {
        ControlProblem p = problem();
        SplittableRandom rng = new SplittableRandom(p.id().hashCode());
        int n = p.states(), m = p.controls();
        for (int trial = 0; trial < 5; trial++) {
            double[] x = near(p.initialState(), p.stateBounds(), rng);
            double[] u = near(p.guessControl(), p.controlBounds(), rng);
            double t = rng.nextDouble() * p.horizon();
            GradientField field = GradientField.getField(n + m);
            Gradient[] gx = MathArrays.buildArray(field, n), gu = MathArrays.buildArray(field, m);
            for (int i = 0; i < n; i++) gx[i] = Gradient.variable(n + m, i, x[i]);
            for (int j = 0; j < m; j++) gu[j] = Gradient.variable(n + m, n + j, u[j]);
            Gradient[] f = p.dynamics(gx, gu, Gradient.constant(n + m, t));
            Gradient c = p.cost(gx, gu, Gradient.constant(n + m, t));
            for (int k = 0; k <= n + m; k++) {
                if (k == n + m) break;
                double h = 1e-6 * Math.max(1, Math.abs(k < n ? x[k] : u[k - n]));
                double[] xp = x.clone(), xm = x.clone(), up = u.clone(), um = u.clone();
                if (k < n) { xp[k] += h; xm[k] -= h; } else { up[k - n] += h; um[k - n] -= h; }
                double[] fp = Rollout.values(p.dynamics(Rollout.field(xp), Rollout.field(up), new Binary64(t)));
                double[] fm = Rollout.values(p.dynamics(Rollout.field(xm), Rollout.field(um), new Binary64(t)));
                for (int i = 0; i < f.length; i++) {
                    assertClose(f[i].getPartialDerivative(k), (fp[i] - fm[i]) / (2 * h),
                            "d f" + i + " / d " + (k < n ? "x" + k : "u" + (k - n)) + " at " + java.util.Arrays.toString(x));
                }
                double cp = p.cost(Rollout.field(xp), Rollout.field(up), new Binary64(t)).getReal();
                double cm = p.cost(Rollout.field(xm), Rollout.field(um), new Binary64(t)).getReal();
                assertClose(c.getPartialDerivative(k), (cp - cm) / (2 * h), "d cost / d " + (k < n ? "x" + k : "u" + (k - n)));
            }
        }
    }

    @Test
    void rk4MatchesDormandPrince() {
        ControlProblem p = problem();
        if (p.discreteTime()) return;
        double[] u = p.guessControl();
        int steps = fineSteps();
        double[][] controls = new double[1][];
        controls[0] = u;
        double[] rk4 = Rollout.simulate(p, Integrator.RK4, controls, steps).states()[1];
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override public int getDimension() { return p.states(); }
            @Override public double[] computeDerivatives(double t, double[] y) {
                return Rollout.values(p.dynamics(Rollout.field(y), Rollout.field(u), new Binary64(t)));
            }
        };
        ODEIntegrator dp = new DormandPrince853Integrator(1e-12, p.horizon(), 1e-13, 1e-13);
        ODEState end = dp.integrate(ode, new ODEState(0, p.initialState()), p.horizon());
        double[] ref = end.getPrimaryState();
        for (int i = 0; i < ref.length; i++) {
            assertTrue(Math.abs(ref[i] - rk4[i]) <= 1e-6 * Math.max(1, Math.abs(ref[i])),
                    "state " + i + " at T: RK4 " + rk4[i] + ", Dormand-Prince " + ref[i]);
        }
    }

    private static void assertClose(double exact, double fd, String what) {
        double tol = 1e-5 * Math.max(1, Math.max(Math.abs(exact), Math.abs(fd)));
        assertTrue(Math.abs(exact - fd) <= tol, what + ": exact " + exact + ", finite difference " + fd);
    }

    private double[] near(double[] v, Bounds b, SplittableRandom rng) {
        double[] out = v.clone();
        double[] lo = b.lower(), hi = b.upper();
        for (int i = 0; i < out.length; i++) {
            out[i] += spread() * Math.max(1e-3, Math.abs(v[i])) * (2 * rng.nextDouble() - 1);
            out[i] = Math.min(hi[i], Math.max(lo[i], out[i]));
        }
        return out;
    }
}
