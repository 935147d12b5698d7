package io.deadwood.control.nlp;

import java.util.List;

/**
 * {@code sqp}: the pure-Java solver, a line-search SQP. Each iteration solves the quadratic model
 * min g'd + d'Bd/2 under the linearised constraints and the variable bounds (dense interior-point
 * method, {@link SqpSubproblem}), then backtracks on the l1 merit function f + mu * (constraint
 * violation). B is a damped-BFGS (Powell) approximation of the Lagrangian's Hessian, so it stays
 * positive definite; the Jacobians are the Nlp's exact ones. Variables with equal bounds are fixed
 * and left out. Converged means the model step is below the tolerance relative to z while the
 * constraints hold to within the feasibility tolerance: then z is a KKT point to that accuracy.
 *
 * <p>Why not Hipparchus 4.0.2's {@code SQPOptimizerS}, which the project first wrapped: measured on
 * this module's NLPs it rejects a problem with no constraints ("matrix must have at least one row",
 * so single shooting of an unbounded problem cannot run), its BFGS update throws "non symmetric
 * matrix" from its eigen-decomposition after a few iterations on the multiple-shooting and
 * collocation NLPs of {@code lqr} (N = 25 and 50), its ADMM subproblem leaves about 1e-4 in the
 * iterate of Hock-Schittkowski 71, and it returns the same answer after the iteration limit as after
 * convergence. Everything here is dense: it suits the small and medium NLPs of the control systems.
 */
public final class SqpSolver implements NlpSolver {
    private static final double ARMIJO = 1e-4;
    private static final double SMALLEST_STEP = 1e-12;

    @Override public String id() { return "sqp"; }

    @Override
    public NlpSolution solve(Nlp nlp, NlpOptions options) {
        long start = System.nanoTime();
        SqpProblem pr = new SqpProblem(nlp);
        double[] z = pr.clampedStart();
        SqpProblem.Point at = pr.at(z);
        int nf = pr.free.length;
        DampedBfgs bfgs = new DampedBfgs(nf);
        double[][] b = bfgs.matrix();
        boolean fresh = true;
        double mu = 1;
        double tol = options.tolerance(), feasTol = feasibilityTolerance(options);
        String status = null;
        boolean converged = false;
        int iteration = 0;
        long deadline = deadline(options);
        while (iteration < options.maxIterations()) {
            if (System.nanoTime() > deadline) {
                status = timeLimit(options);
                break;
            }
            if (!at.finite()) {
                status = "failed: objective or constraints are not finite at the iterate";
                break;
            }
            iteration++;
            List<SqpSubproblem.Row> rowList = pr.constraintRows(at, nf);
            rowList.addAll(pr.boundRows(at, Double.POSITIVE_INFINITY));
            SqpSubproblem.Row[] rows = rowList.toArray(new SqpSubproblem.Row[0]);
            SqpSubproblem.Result qp = SqpSubproblem.solve(b, at.freeGradient, at.eqJacobian, at.eqRhs, rows);
            if (qp.failure() != null) {
                status = "failed: " + qp.failure();
                break;
            }
            double[] d = qp.d();
            double violation = at.violation;
            boolean smallStep = SqpSubproblem.inf(d) <= tol * (1 + SqpSubproblem.inf(z));
            double residual = kkt(b, d, qp.y(), rows);
            if (violation <= feasTol && (smallStep || residual <= tol * (1 + SqpSubproblem.inf(at.freeGradient)))) {
                converged = true;
                status = "converged: " + (smallStep ? "step" : "KKT residual") + " below " + tol + ", constraint violation " + violation;
                break;
            }
            mu = pr.penalty(mu, qp);
            double merit = at.merit(mu);
            double slope = SqpSubproblem.dot(at.freeGradient, d) - mu * at.l1;
            double alpha = 1;
            SqpProblem.Point next = null;
            while (alpha >= SMALLEST_STEP) {
                SqpProblem.Point trial = pr.at(pr.step(z, d, alpha));
                if (trial.merit(mu) <= merit + ARMIJO * alpha * Math.min(slope, 0)) {
                    next = trial;
                    break;
                }
                alpha *= 0.5;
            }
            if (next == null && !fresh) {
                // A BFGS matrix gone stale can point uphill on the merit function: start it afresh once, as SLSQP does.
                bfgs.reset();
                fresh = true;
                continue;
            }
            if (next == null) {
                status = "failed: line search found no decrease of the merit function (constraint violation " + violation + ")";
                break;
            }
            fresh = false;
            // SLSQP's test, tightened: the objective stopped moving (by a thousandth of the tolerance) while
            // feasible. Near the optimum rounding can hold the KKT residual just above the tolerance for
            // ever; the square-root bound on it keeps a stall far from a KKT point from passing.
            if (next.violation <= feasTol && Math.abs(next.objective - at.objective) <= 1e-3 * tol * (1 + Math.abs(at.objective))
                    && residual <= Math.sqrt(tol) * (1 + SqpSubproblem.inf(at.freeGradient))) {
                z = next.z;
                converged = true;
                status = "converged: objective change below " + 1e-3 * tol + " relative, KKT residual " + residual + ", constraint violation " + next.violation;
                break;
            }
            pr.updateHessian(bfgs, at, next, qp);
            z = next.z;
            at = next;
        }
        if (status == null) status = iterationLimit(options);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new NlpSolution(z, nlp.objective(z), Violation.of(nlp, z), converged, status, iteration, seconds,
                "sqp (pure-Java SQP: damped BFGS, interior-point subproblems, l1 merit)");
    }

    /** When the solve must stop: never for an infinite time limit. */
    static long deadline(NlpOptions options) {
        return Double.isInfinite(options.maxSeconds()) ? Long.MAX_VALUE : System.nanoTime() + (long) (options.maxSeconds() * 1e9);
    }

    static String timeLimit(NlpOptions options) { return "time limit (" + options.maxSeconds() + " s) reached"; }

    static String iterationLimit(NlpOptions options) { return "iteration limit (" + options.maxIterations() + ") reached"; }

    /** Constraints are held to at least 1e-9 absolute, or the tolerance when that is looser. */
    static double feasibilityTolerance(NlpOptions options) {
        return Math.max(options.tolerance(), 1e-9);
    }

    /**
     * The KKT error at the iterate that the subproblem's solution certifies: B d + g = A'lambda + G'y
     * there, so the Lagrangian's gradient with these multipliers is -B d, and complementarity is
     * y times each one-sided row's slack. Near a solution the merit function stops resolving the
     * model's step (its changes drop below rounding) while this still measures the distance.
     */
    private static double kkt(double[][] b, double[] d, double[] y, SqpSubproblem.Row[] rows) {
        double e = 0;
        for (double[] row : b) e = Math.max(e, Math.abs(SqpSubproblem.dot(row, d)));
        for (int i = 0; i < rows.length; i++) e = Math.max(e, y[i] * Math.max(0, -rows[i].h()));
        return e;
    }
}
