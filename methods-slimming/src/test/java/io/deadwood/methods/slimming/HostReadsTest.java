package io.deadwood.methods.slimming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.testkit.HostReadCountingBackend;
import io.deadwood.testkit.ReferenceBackend;
import io.deadwood.testkit.SyntheticImages;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slimming's penalty and its gradient (sign of the BatchNorm scales, or group lasso on the rows of
 * a model without BatchNorm) are backend ops: a step reads no parameter on the host.
 */
class HostReadsTest {

    @ParameterizedTest
    @ValueSource(strings = {"vgg11", "convnet"})
    void aSlimmingStepReadsNoParameterOnTheHost(String modelName) {
        int[] shape = {1, 8, 8};
        Model model = ModelZoo.create(modelName, 0.125, shape, 4);
        model.initialize(2);
        HostReadCountingBackend backend = new HostReadCountingBackend(new ReferenceBackend());
        Pruner pruner = new Pruner(model);
        PruningSession session = PruningMethods.open(new SlimmingMethod(), JsonNodeFactory.instance.objectNode(),
                new PruningContext(model, pruner, null, backend, 1, 3, 5));
        var data = new SyntheticImages(48, 4, shape, 16, 3);
        new Trainer(TrainerConfig.of(1, 16, OptimizerConfig.sgd(0.05))).train(model, data, data, backend,
                List.of(backend.startOfStep(), pruner, session, backend.endOfStep()));
        assertEquals(0, backend.parameterHandBacks(model), "parameters read on the host during slimming's steps");
    }
}
