package io.deadwood.methods.magnitude;

import io.deadwood.api.prune.WeightRanking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingListener;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real training on synthetic images: masks hold through every step and the density follows the rate. */
class MagnitudeTrainingTest {

    @Test
    void maskedWeightsStayExactlyZeroAtEveryStepAndDensityFollowsTheRate() {
        Runs r = new Runs("convnet", 8);
        PruningSession s = new MagnitudeMethod().open(MagnitudeConfig.iterative(0.5, 2, "none"), r.context);
        long[] checked = new long[1];
        TrainingListener watch = new TrainingListener() {
            @Override
            public void afterOptimizerStep(StepContext step) {
                for (Map.Entry<Parameter, Tensor> e : r.pruner.weightMasks().all().entrySet()) {
                    float[] w = e.getKey().value().data(), m = e.getValue().data();
                    for (int i = 0; i < w.length; i++) {
                        if (m[i] == 0f) {
                            assertEquals(0f, w[i], e.getKey().name() + "[" + i + "] revived at step " + step.step());
                            checked[0]++;
                        }
                    }
                }
            }
        };
        r.train(s, watch);
        assertTrue(checked[0] > 0, "some masked weight was watched");

        List<Parameter> weights = WeightRanking.prunableWeights(r.model, true);
        long total = WeightRanking.total(weights);
        long left = total - Math.round(0.5 * total);
        left -= Math.round(0.5 * left);
        assertEquals(total - left, WeightRanking.masked(r.pruner, weights));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) s.summary().get("cycles");
        assertEquals(3, rows.size());
        assertEquals(left, rows.get(1).get("remainingWeights"));
        assertEquals(left, rows.get(2).get("remainingWeights"));
    }
}
