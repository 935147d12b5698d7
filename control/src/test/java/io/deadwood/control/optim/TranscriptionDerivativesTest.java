package io.deadwood.control.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.Nlp;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each transcription's gradient and sparse Jacobian equal central differences, and no non-zero lies outside its pattern. */
class TranscriptionDerivativesTest {

    @ParameterizedTest
    @CsvSource({"single-shooting, pendulum", "multiple-shooting, pendulum", "trapezoidal, pendulum", "hermite-simpson, pendulum",
                "single-shooting, discrete", "multiple-shooting, discrete"})
    void derivativesMatchFiniteDifferences(String id, String problem) {
        ControlProblem p = problem.equals("pendulum") ? new TestProblems.Pendulum() : new TestProblems.DiscreteLqr();
        int intervals = p.discreteTime() ? TestProblems.DiscreteLqr.STEPS : 5;
        Nlp nlp = ((DirectOptimizer) TrajectoryOptimizer.of(id)).transcribe(p, Integrator.RK4, intervals);
        Random random = new Random(7);
        double[] z = nlp.start();
        for (int i = 0; i < z.length; i++) z[i] += 0.3 * random.nextGaussian();
        double step = 1e-6;
        double[] gradient = nlp.gradient(z);
        double[][] jacobian = nlp.jacobianPattern().dense(nlp.jacobianValues(z));
        assertEquals(nlp.constraints(), nlp.constraintValues(z).length);
        for (int j = 0; j < z.length; j++) {
            double[] up = z.clone(), down = z.clone();
            up[j] += step;
            down[j] -= step;
            double fd = (nlp.objective(up) - nlp.objective(down)) / (2 * step);
            assertEquals(fd, gradient[j], 1e-6 * (1 + Math.abs(fd)), "df/dz" + j);
            double[] cu = nlp.constraintValues(up), cd = nlp.constraintValues(down);
            for (int r = 0; r < cu.length; r++) {
                double d = (cu[r] - cd[r]) / (2 * step);
                assertEquals(d, jacobian[r][j], 1e-6 * (1 + Math.abs(d)), "dc" + r + "/dz" + j);
            }
        }
    }
}
