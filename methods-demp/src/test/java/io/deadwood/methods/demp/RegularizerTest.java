package io.deadwood.methods.demp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.train.StepContext;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gradient a session writes after backward is the derivative of the term it reports as loss. */
class RegularizerTest {

    @ParameterizedTest
    @CsvSource({"bn-l1, vgg11", "l2, vgg11", "positive-l2, vgg11", "bn-l1, resnet20", "positive-l2, convnet"})
    void gradientMatchesFiniteDifferencesOfTheLossTerm(String regularizer, String modelName) {
        Model model = Tiny.model(modelName, 5);
        SplittableRandom rng = new SplittableRandom(9);
        // Spread BatchNorm scales around zero so both signs of the L1 kink are exercised.
        model.parameters().stream().filter(p -> p.name().endsWith(".gamma"))
                .forEach(p -> { for (int i = 0; i < p.size(); i++) p.value().set(i, (float) rng.nextDouble(-1, 1)); });
        DempConfig config = DempConfig.DEFAULT.withRegularizer(regularizer).withLambdaMax(0.3).withNoise(0, true);
        DempSession session = new DempSession(config, Tiny.context(model, 2, 10));
        StepContext step = Tiny.step(4);
        double lambda = session.lambdaSchedule().at(4);
        assertTrue(lambda > 0.1);
        Tiny.zeroGradients(model);
        session.afterBackward(step);

        int checked = 0;
        double h = 1e-3;
        for (Parameter p : model.parameters()) {
            for (int i = 0; i < p.size(); i += 1 + p.size() / 25) {
                float w = p.value().get(i);
                if (Math.abs(w) < 2 * h) continue; // the kink of |w| and max(w, 0)
                float wUp = (float) (w + h), wDown = (float) (w - h);
                p.value().set(i, wUp);
                double up = session.extraLoss(step);
                p.value().set(i, wDown);
                double down = session.extraLoss(step);
                p.value().set(i, w);
                double numeric = (up - down) / ((double) wUp - wDown);
                double analytic = p.grad().get(i);
                assertEquals(numeric, analytic, 2e-3 * Math.max(lambda, Math.abs(numeric)),
                        p.name() + "[" + i + "] under " + regularizer);
                checked++;
            }
        }
        assertTrue(checked > 50, "checked " + checked);
        assertTrue(model.parameters().stream().anyMatch(p -> {
            for (float g : p.grad().data()) if (g != 0) return true;
            return false;
        }), "the term has a gradient somewhere");
    }
}
