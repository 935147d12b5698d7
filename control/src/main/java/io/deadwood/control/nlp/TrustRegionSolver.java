package io.deadwood.control.nlp;

/**
 * {@code trust-region}: a trust-region SQP, Fletcher's Sl1QP method, the pure-Java counterpart of
 * SciPy's {@code trust-constr} beside the line-search {@link SqpSolver}. Each iteration minimises a
 * model of the l1 merit function f + mu * (constraint violation) within the box |d_j| <= radius
 * ({@link ElasticSubproblem}: the quadratic model with elastic linearised constraints). That
 * subproblem is always feasible, so an inconsistent linearisation (a zero Jacobian row, a start far
 * from the constraints) does not stop the solve. The step is taken when the merit function falls by
 * more than a tenth of the decrease the model predicts; the radius doubles when the prediction held
 * to within a quarter and the step reached the box, and shrinks to a quarter of the step when the
 * step is refused.
 *
 * <p>A refused step gets one second-order correction first: the subproblem again, with the
 * constraints' values replaced by c(z + d) - J d, so that the linearisation accounts for the
 * constraints' curvature along d; the corrected step is taken if it passes the same test. The l1
 * merit function is not smooth, and with a large mu the curvature of the constraints otherwise
 * refuses good steps (the Maratos effect): on cart-pole (trapezoidal, N = 20, tolerance 1e-6)
 * 3,000 iterations reached the optimal cost without certifying it, where with the correction 148
 * converge; on van-der-pol 84 iterations instead of 136.
 *
 * <p>mu is steered (Byrd, Nocedal and Waltz): when the step leaves some linearised violation, mu
 * rises tenfold until the step achieves a tenth of the reduction the box allows (the subproblem at
 * a thousand times mu tells how much that is) and its predicted merit decrease is at least a tenth
 * of mu times the reduction it achieves; once the linearisation is met, mu also stays 1.5 times above
 * the largest multiplier, as in {@link SqpSolver}. B is the same damped BFGS matrix, updated after
 * every trial step, refused ones included, and reset to the identity once if a subproblem fails.
 * Each trial step counts as an iteration.
 *
 * <p>Converged: the constraints hold to the feasibility tolerance and the KKT residual that the
 * subproblem certifies (the box's multipliers counted against it) is below the tolerance relative to
 * the gradient. Unlike {@link SqpSolver} a small step alone is not enough: with B's entries grown to
 * 1e9 on hiv-treatment the steps fell below 1e-9 with the KKT residual at 2.9.
 */
public final class TrustRegionSolver implements NlpSolver {
    private static final double ACCEPT = 0.1;
    private static final double EXPAND = 0.75;
    private static final double STEER = 0.1;
    private static final double REACH = 1e3;
    private static final double SMALLEST_RADIUS = 1e-12;

    @Override public String id() { return "trust-region"; }

    @Override
    public NlpSolution solve(Nlp nlp, NlpOptions options) {
        long start = System.nanoTime();
        SqpProblem pr = new SqpProblem(nlp);
        double[] z = pr.clampedStart();
        SqpProblem.Point at = pr.at(z);
        DampedBfgs bfgs = new DampedBfgs(pr.free.length);
        double mu = 1, radius = 1;
        double tol = options.tolerance(), feasTol = SqpSolver.feasibilityTolerance(options);
        String status = null;
        boolean converged = false, reset = false;
        int iteration = 0;
        long deadline = SqpSolver.deadline(options);
        while (iteration < options.maxIterations()) {
            if (System.nanoTime() > deadline) {
                status = SqpSolver.timeLimit(options);
                break;
            }
            if (!at.finite()) {
                status = "failed: objective or constraints are not finite at the iterate";
                break;
            }
            iteration++;
            ElasticSubproblem sub = new ElasticSubproblem(pr, at, bfgs.matrix(), radius);
            ElasticSubproblem.Step step = steer(sub.solve(mu), sub, at, feasTol);
            if (step.failed()) {
                if (reset) {
                    status = "failed: " + step.qp().failure();
                    break;
                }
                bfgs.reset();
                reset = true;
                continue;
            }
            reset = false;
            mu = step.mu();
            if (at.violation <= feasTol && sub.kkt(step) <= tol * (1 + SqpSubproblem.inf(at.freeGradient))) {
                converged = true;
                status = "converged: KKT residual below " + tol + ", constraint violation " + at.violation;
                break;
            }
            if (step.linearViolation() <= 0.1 * feasTol) mu = pr.penalty(mu, step.qp());
            double before = at.merit(mu), rounding = 10 * Math.ulp(Math.max(1, Math.abs(before)));
            double predicted = step.predicted(mu, at.l1) + rounding;
            double[] d = step.d();
            SqpProblem.Point trial = pr.at(pr.step(z, d, 1));
            double ratio = (before - trial.merit(mu) + rounding) / predicted;
            boolean reached = sub.reachesBox(step);
            if (!(ratio > ACCEPT) && trial.finite() && pr.cl.length > 0) {
                ElasticSubproblem again = new ElasticSubproblem(pr, pr.corrected(at, trial, d), bfgs.matrix(), radius);
                ElasticSubproblem.Step correction = again.solve(mu);
                if (!correction.failed()) {
                    SqpProblem.Point corrected = pr.at(pr.step(z, correction.d(), 1));
                    double r = (before - corrected.merit(mu) + rounding) / predicted;
                    if (r > ratio) {
                        trial = corrected;
                        ratio = r;
                        d = correction.d();
                        reached = again.reachesBox(correction);
                    }
                }
            }
            pr.updateHessian(bfgs, at, trial, step.qp());
            if (ratio > ACCEPT) {
                if (ratio > EXPAND && reached) radius *= 2;
                z = trial.z;
                at = trial;
            } else {
                radius = 0.25 * SqpSubproblem.inf(d);
                if (radius < SMALLEST_RADIUS * (1 + SqpSubproblem.inf(z))) {
                    status = "failed: trust region shrank below " + SMALLEST_RADIUS + " relative to z (constraint violation " + at.violation + ")";
                    break;
                }
            }
        }
        if (status == null) status = SqpSolver.iterationLimit(options);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new NlpSolution(z, nlp.objective(z), Violation.of(nlp, z), converged, status, iteration, seconds,
                "trust-region (pure-Java Sl1QP: damped BFGS, elastic interior-point subproblems, box trust region)");
    }

    /**
     * Raises mu, tenfold at a time, until the step does its share for feasibility: a tenth of the
     * reduction of the linearised violation that the box allows, and a predicted merit decrease of at
     * least a tenth of mu times the reduction it achieves.
     */
    private static ElasticSubproblem.Step steer(ElasticSubproblem.Step step, ElasticSubproblem sub, SqpProblem.Point at, double feasTol) {
        if (step.failed() || step.linearViolation() <= 0.1 * feasTol) return step;
        ElasticSubproblem.Step best = sub.solve(REACH * step.mu());
        if (best.failed()) return step;
        double reachable = at.l1 - best.linearViolation();
        while (!steered(step, at, reachable)) {
            if (step.mu() * 10 >= best.mu()) return best;
            step = sub.solve(10 * step.mu());
            if (step.failed()) return best;
        }
        return step;
    }

    private static boolean steered(ElasticSubproblem.Step step, SqpProblem.Point at, double reachable) {
        double reduced = at.l1 - step.linearViolation();
        return reduced >= STEER * reachable && step.predicted(step.mu(), at.l1) >= STEER * step.mu() * reduced;
    }
}
