package io.deadwood.reproduce.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.reproduce.cli.UserError;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteExpansionTest {

    @Test
    void builtInSuitesParseAndExpandEveryPreset() {
        for (String name : Suites.BUILT_IN) {
            SuiteSpec spec = Suites.builtIn(name);
            assertTrue(spec.presets().containsKey("quick") && spec.presets().containsKey("paper"), name);
            for (var preset : spec.presets().values()) {
                List<Cell> cells = SuiteExpander.expand(preset);
                assertEquals(cells.size(), new HashSet<>(cells.stream().map(Cell::id).toList()).size(), "ids unique in " + name);
            }
        }
    }

    @Test
    void dempQuickIsDenseDempSweepAndMatchedBaselinesPerSeed() {
        List<Cell> cells = SuiteExpander.expand(Suites.builtIn("demp").presets().get("quick"));
        assertEquals(2 * (1 + 2 + 4), cells.size());
        Cell snap = cells.stream().filter(c -> c.label().equals("snap") && c.seed() == 2).findFirst().orElseThrow();
        assertEquals("vgg11-w0.25_demp-lambdamax=0.03_s2", snap.matchOf());
        Cell demp = cells.stream().filter(c -> c.id().equals(snap.matchOf())).findFirst().orElseThrow();
        assertTrue(cells.indexOf(demp) < cells.indexOf(snap), "a matched cell runs after the one it matches");
        assertEquals(0.03, demp.config().methodConfig().get("lambdaMax").asDouble());
        assertNull(cells.getFirst().config().method(), "dense has no method");
        assertEquals(2, cells.stream().filter(c -> c.label().equals("dense")).count());
    }

    @Test
    void dempStudyMatchesEveryBaselineToThreeOfDempsStrengths() {
        List<Cell> cells = SuiteExpander.expand(Suites.builtIn("demp").presets().get("study"));
        assertEquals(3 * (1 + 5 + 3 * 3), cells.size(), "dense, five DemP strengths, three baselines at three sparsities; 3 seeds");
        for (String baseline : List.of("earlycrop-s", "snap", "crop-it")) {
            List<Cell> mine = cells.stream().filter(c -> c.label().equals(baseline) && c.seed() == 3).toList();
            assertEquals(List.of("vgg11-w0.25_demp-lambdamax=0.005_s3", "vgg11-w0.25_demp-lambdamax=0.02_s3",
                    "vgg11-w0.25_demp-lambdamax=0.08_s3"), mine.stream().map(Cell::matchOf).toList(), baseline);
            assertEquals(baseline + "@demp[lambdaMax=0.02]", mine.get(1).variant());
            for (Cell c : mine) {
                Cell target = cells.stream().filter(t -> t.id().equals(c.matchOf())).findFirst().orElseThrow();
                assertTrue(cells.indexOf(target) < cells.indexOf(c), "a matched cell runs after the one it matches");
            }
        }
        assertEquals(5000, cells.getFirst().config().valSplit());
        assertEquals("adamw", cells.getFirst().config().optimizer());
    }

    @Test
    void sweepsTakeEveryCombination() {
        var yaml = """
                name: grid
                description: two axes
                table: demp
                presets:
                  quick:
                    models: [{model: mlp, width: 0.5}]
                    epochs: 1
                    batch: 8
                    lr: 0.1
                    seeds: 1
                    methods:
                      - label: demp
                        method: demp
                        sweep: {lambdaMax: [0.1, 0.2], noiseLiveOnly: [true, false]}
                """;
        List<Cell> cells = SuiteExpander.expand(Suites.parse(yaml.getBytes(StandardCharsets.UTF_8), "test").presets().get("quick"));
        assertEquals(4, cells.size());
        assertEquals("demp[lambdaMax=0.1,noiseLiveOnly=true]", cells.getFirst().variant());
    }

    @Test
    void badSuitesNameTheirFault() {
        var unknownField = "name: x\ndescription: d\ntable: demp\npresets:\n  quick:\n    models: [{model: mlp}]\n"
                + "    epochs: 1\n    batch: 8\n    lr: 0.1\n    seeds: 1\n    colour: red\n    methods: [{label: dense}]\n";
        var e = assertThrows(UserError.class, () -> Suites.parse(unknownField.getBytes(StandardCharsets.UTF_8), "s.yaml"));
        assertTrue(e.getMessage().contains("colour") && e.getMessage().contains("s.yaml"), e.getMessage());

        var badMatch = "name: x\ndescription: d\ntable: demp\npresets:\n  quick:\n    models: [{model: mlp}]\n"
                + "    epochs: 1\n    batch: 8\n    lr: 0.1\n    seeds: 1\n"
                + "    methods: [{label: l1, method: l1-filter, matchSparsityOf: nothing}]\n";
        var spec = Suites.parse(badMatch.getBytes(StandardCharsets.UTF_8), "s.yaml");
        var e2 = assertThrows(IllegalArgumentException.class, () -> SuiteExpander.expand(spec.presets().get("quick")));
        assertTrue(e2.getMessage().contains("matchSparsityOf"), e2.getMessage());

        var badEpochs = "name: x\ndescription: d\ntable: demp\npresets:\n  quick:\n    models: [{model: mlp}]\n"
                + "    epochs: 0\n    batch: 8\n    lr: 0.1\n    seeds: 1\n    methods: [{label: dense}]\n";
        var e3 = assertThrows(UserError.class, () -> Suites.parse(badEpochs.getBytes(StandardCharsets.UTF_8), "s.yaml"));
        assertTrue(e3.getMessage().contains("preset.epochs must be >= 1"), e3.getMessage());
        assertThrows(UserError.class, () -> Suites.builtIn("nosuch"));
    }
}
