package io.deadwood.methods.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.PrunedTraining;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.schedule.ScheduleConfig;
import io.deadwood.testkit.ReferenceBackend;
import io.deadwood.testkit.SyntheticImages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AP around the installed magnitude method, trained for real on synthetic images. */
class ApTrainingTest {

    @Test
    void eachCycleRemovesPOfTheRemainingWeightsAndRecordsTheDeadNeuronRate() {
        int[] shape = {1, 8, 8};
        Model model = ModelZoo.create("convnet", 0.125, shape, 4);
        model.initialize(3);
        var backend = new ReferenceBackend();
        var train = new SyntheticImages(48, 4, shape, 16, 3);
        var test = new SyntheticImages(16, 4, shape, 16, 4);
        TrainerConfig config = TrainerConfig.of(1, 16, OptimizerConfig.sgd(0.05)).withSchedule(ScheduleConfig.constant());
        var setup = new PrunedTraining.Setup(model, train, test, test, backend, config, ProgressListener.NONE);
        var json = JsonNodeFactory.instance.objectNode();
        json.putObject("innerConfig").put("rounds", 3);
        PrunedTraining.Report report = PrunedTraining.run(setup, new ApMethod(), json);

        Map<String, Object> summary = report.methodSummary();
        assertEquals("magnitude", summary.get("inner"));
        long total = (long) summary.get("prunableWeights");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) summary.get("cycles");
        assertEquals(4, rows.size());
        long remaining = total;
        for (int cycle = 0; cycle < 3; cycle++) {
            Map<String, Object> row = rows.get(cycle);
            long base = (long) row.get("baseRemoved"), ap = (long) row.get("apRemoved");
            assertEquals(Math.round(0.18 * remaining), base, "base share, cycle " + cycle);
            assertEquals(Math.round(0.02 * remaining), ap, "AP share, cycle " + cycle);
            assertTrue(Math.abs(base + ap - 0.20 * remaining) <= 1, "p of the remaining weights, cycle " + cycle);
            remaining -= base + ap;
            assertEquals(remaining, row.get("remainingWeights"));
            double dnr = (double) row.get("dnr");
            assertTrue(dnr >= 0 && dnr <= 1, "DNR " + dnr);
            assertEquals(1, ((List<?>) row.get("dnrPerEpoch")).size());
        }
        assertEquals(0L, rows.getLast().get("apRemoved"), "the last cycle only trains");
        assertEquals(remaining, rows.getLast().get("remainingWeights"));

        long masked = 0;
        for (Map.Entry<Parameter, Tensor> e : report.masks().all().entrySet()) {
            float[] w = e.getKey().value().data(), m = e.getValue().data();
            for (int i = 0; i < w.length; i++) {
                if (m[i] == 0f) {
                    masked++;
                    assertEquals(0f, w[i], e.getKey().name() + "[" + i + "]");
                }
            }
        }
        assertEquals(total - remaining, masked);
    }
}
