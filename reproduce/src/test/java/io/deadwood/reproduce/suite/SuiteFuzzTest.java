package io.deadwood.reproduce.suite;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deadwood.reproduce.FuzzContract;
import io.deadwood.reproduce.cli.UserError;
import java.util.List;

/**
 * Fuzzes the suite parser and the expander: any YAML or JSON either parses into a suite whose
 * presets expand into cells, or fails with a {@link UserError} (the parser, and the expander's
 * checks as the suite runner reports them: {@link IllegalArgumentException} there becomes a
 * {@link UserError}). Nothing else escapes, and a small file cannot ask for an unbounded number
 * of cells. Run with {@code bin/fuzz suite SECONDS}.
 */
class SuiteFuzzTest {

    @FuzzTest
    @DictionaryEntries({"name: ", "description: ", "table: demp", "table: ap", "presets:", "  quick:", "models:",
            "{model: mlp, width: 0.5}", "model: ", "width: ", "data: ", "epochs: ", "batch: ", "optimizer: ",
            "lr: ", "momentum: ", "weightDecay: ", "schedule: ", "augment: ", "trainLimit: ", "testLimit: ",
            "seeds: ", "threads: ", "backends: ", "methods:", "- label: ", "method: ", "config: ", "sweep: ",
            "matchSparsityOf: ", "lambdaMax: ", "[0.1, 0.2]", "null", "~", "&a", "*a", "!!str", "2147483647"})
    void suite(byte[] input) {
        SuiteSpec spec;
        try {
            spec = Suites.parse(input, "fuzz.yaml");
        } catch (UserError refused) {
            FuzzContract.checkRefusal(refused);
            return;
        }
        for (SuiteSpec.Preset preset : spec.presets().values()) {
            try {
                List<Cell> cells = SuiteExpander.expand(preset);
                if (cells.isEmpty()) throw new AssertionError("a preset expanded into no cells");
            } catch (UserError | IllegalArgumentException refused) {
                FuzzContract.checkRefusal(refused);
            }
        }
    }
}
