package io.deadwood.reproduce.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.Backends;
import io.deadwood.api.result.TrainResult;
import io.deadwood.reproduce.TinyData;
import io.deadwood.reproduce.cli.TrainRuns;
import io.deadwood.reproduce.cli.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matched sparsity goes through the method's typed target, never a config key written blind. */
class SparsityMatchTest {

    private static SuiteSpec suite(Path data, String matched, String config) {
        String yaml = """
                name: match
                description: a method matched to another's neuron sparsity
                table: demp
                presets:
                  quick:
                    data: idx:%s
                    models: [{model: mlp, width: 0.1}]
                    epochs: 1
                    batch: 16
                    lr: 0.05
                    seeds: 1
                    warmupSteps: 0
                    methods:
                      - label: random
                        method: random-structured
                        config: {targetSparsity: 0.3, pruneAt: 0.25}
                      - label: matched
                        method: %s
                        config: %s
                        matchSparsityOf: random
                """.formatted(data, matched, config);
        return Suites.parse(yaml.getBytes(StandardCharsets.UTF_8), "match.yaml");
    }

    @Test
    void aStructuredMethodIsAimedAtTheNeuronSparsityReached(@TempDir Path tmp) throws Exception {
        Path data = TinyData.writeIdx(tmp.resolve("data"), 96, 48);
        SuiteRunner runner = new SuiteRunner(Backends.discover(), TrainRuns.standalone());
        Path dir = tmp.resolve("out");
        runner.run(suite(data, "l1-filter", "{pruneAt: 0.5}"), "quick", dir, null, new SuiteResumeTest.Recorder(-1));
        var cells = SuiteRunner.results(dir);
        TrainResult random = cells.get(0).result(), matched = cells.get(1).result();
        assertEquals("completed", matched.status(), matched.error());
        assertEquals(random.neuronSparsity(), matched.method().config().get("targetSparsity").asDouble());
        assertEquals(0.5, matched.method().config().get("pruneAt").asDouble(), "the suite's own settings are kept");
        assertEquals(matched.method().config().get("targetSparsity"),
                matched.provenance().config().get("methodConfig").get("targetSparsity"));
    }

    @Test
    void aMethodThatCannotAimAtNeuronSparsityIsRefusedBeforeAnythingRuns(@TempDir Path tmp) throws Exception {
        Path data = TinyData.writeIdx(tmp.resolve("data"), 96, 48);
        SuiteRunner runner = new SuiteRunner(Backends.discover(), TrainRuns.standalone());
        Path dir = tmp.resolve("out");
        // One-shot magnitude pruning aims at a weight sparsity: handing it a neuron sparsity would compare unlike things.
        var e = assertThrows(UserError.class, () -> runner.run(suite(data, "magnitude", "{mode: one-shot}"), "quick", dir, null,
                new SuiteResumeTest.Recorder(-1)));
        assertTrue(e.getMessage().contains("'magnitude' cannot aim at a neuron sparsity"), e.getMessage());
        assertTrue(e.getMessage().contains("methods[matched]"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("suite.json")));
    }
}
