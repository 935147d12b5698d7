package io.deadwood.control.optim;

import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.SqpSolver;
import io.deadwood.control.systems.LinearQuadratic;
import org.junit.jupiter.api.Test;

class ExploreTest {
    @Test
    void explore() {
        double best = LinearQuadratic.optimalCost();
        String[] ids = System.getProperty("opt", "single-shooting,multiple-shooting,trapezoidal,hermite-simpson,fbsm").split(",");
        int[] ns = java.util.Arrays.stream(System.getProperty("ns", "10,25,50").split(",")).mapToInt(Integer::parseInt).toArray();
        for (String id : ids) for (int n : ns) {
            TrajectoryOptimizer o = TrajectoryOptimizer.of(id);
            var p = id.equals("fbsm") ? new LenhartLqr() : new LinearQuadratic();
            Solution s = o.solve(p, Integrator.RK4, n, new SqpSolver(), new NlpOptions(1e-8, 500));
            System.out.printf("%s N=%d cost=%.10f rel=%.2e conv=%s it=%d t=%.2fs viol=%.1e obj=%.10f %s%n", id, n, s.cost(), (s.cost() - best) / best,
                    s.converged(), s.nlp().iterations(), s.nlp().seconds(), s.nlp().violation(), s.nlp().objective(), s.status());
        }
    }
}
