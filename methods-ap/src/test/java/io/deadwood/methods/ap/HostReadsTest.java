package io.deadwood.methods.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.testkit.HostReadCountingBackend;
import io.deadwood.testkit.ReferenceBackend;
import io.deadwood.testkit.SyntheticImages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AP's steps (its base method's hooks and the weight masks the pruner keeps at zero) read no
 * parameter on the host: the masks are applied by the backend. Its cycle-end work (ranking,
 * rewinding) is host work, and rare.
 */
class HostReadsTest {

    @Test
    void anApStepWithMaskedWeightsReadsNoParameterOnTheHost() {
        int[] shape = {1, 8, 8};
        Model model = ModelZoo.create("convnet", 0.125, shape, 4);
        model.initialize(3);
        HostReadCountingBackend backend = new HostReadCountingBackend(new ReferenceBackend());
        Pruner pruner = new Pruner(model);
        for (Parameter p : model.parameters()) {
            if (!p.name().endsWith(".weight")) continue;
            Tensor mask = Tensor.zeros(p.value().shape());
            for (int i = 0; i < mask.size(); i++) mask.set(i, i % 4 == 0 ? 0f : 1f);
            pruner.weightMasks().set(p, mask);
        }
        var json = JsonNodeFactory.instance.objectNode();
        json.putObject("innerConfig").put("rounds", 2);
        PruningSession session = PruningMethods.open(new ApMethod(), json, new PruningContext(model, pruner, null, backend,
                1, 3, 7));
        var data = new SyntheticImages(48, 4, shape, 16, 3);
        new Trainer(TrainerConfig.of(1, 16, OptimizerConfig.sgd(0.05))).train(model, data, data, backend,
                List.of(backend.startOfStep(), pruner, session, backend.endOfStep()));
        assertEquals(0, backend.parameterHandBacks(model), "parameters read on the host during AP's steps");
        for (Parameter p : model.parameters()) {
            if (!p.name().endsWith(".weight")) continue;
            for (int i = 0; i < p.size(); i += 4) assertTrue(p.value().get(i) == 0f, p.name() + "[" + i + "] stays masked");
        }
    }
}
