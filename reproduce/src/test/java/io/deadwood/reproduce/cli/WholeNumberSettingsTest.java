package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.reproduce.TinyData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A count given as a fraction is refused, naming the setting, instead of being cut down to a whole number. */
class WholeNumberSettingsTest {
    private static final PruningMethods METHODS = PruningMethods.discover(WholeNumberSettingsTest.class.getClassLoader());

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonNode read(String id, String json) throws Exception {
        PruningMethod m = METHODS.get(id);
        return PruningMethods.toJson(PruningMethods.readConfig(m, AtomicFiles.json().readTree(json)));
    }

    @Test
    void dempRefusesAFractionalCountAndTakesAWholeOneWrittenAsDecimal() throws Exception {
        var e = assertThrows(DeadwoodException.class, () -> read("demp", "{\"checkEvery\": 1.5}"));
        assertEquals("invalid config for method 'demp': setting 'checkEvery' must be a whole number, got 1.5",
                e.getMessage());
        e = assertThrows(DeadwoodException.class, () -> read("demp", "{\"minUnitsPerGroup\": 2.25}"));
        assertTrue(e.getMessage().contains("'minUnitsPerGroup' must be a whole number, got 2.25"), e.getMessage());
        assertEquals(7, read("demp", "{\"checkEvery\": 7.0}").get("checkEvery").asInt());
        assertEquals(1000, read("demp", "{\"checkEvery\": 1e3}").get("checkEvery").asInt());
    }

    @Test
    void everyMethodRefusesFractionsInItsIntegerSettings() throws Exception {
        for (PruningMethod<?> m : METHODS.all()) {
            JsonNode defaults = PruningMethods.toJson(m.defaultConfig());
            for (var it = defaults.properties().iterator(); it.hasNext(); ) {
                var field = it.next();
                if (!field.getValue().isIntegralNumber()) continue;
                String json = "{\"" + field.getKey() + "\": " + (field.getValue().asLong() + 0.5) + "}";
                var e = assertThrows(DeadwoodException.class, () -> read(m.id(), json), m.id() + " " + json);
                assertTrue(e.getMessage().contains("'" + field.getKey() + "' must be a whole number"), e.getMessage());
            }
        }
    }

    @Test
    void apRefusesAFractionInItsInnerMethodsCountsFromTheCommandLine(@TempDir Path tmp) throws Exception {
        Path data = TinyData.writeIdx(tmp.resolve("data"), 100, 50);
        Path out = tmp.resolve("o");
        Cli r = Cli.run("train", "--model", "mlp", "--width", "0.25", "--data", "idx:" + data, "--epochs", "1",
                "--batch", "50", "--method", "ap", "--method-config", "{\"innerConfig\": {\"rounds\": 2.5}}",
                "--out", out.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.errorLine().startsWith("error: invalid config for method 'magnitude': setting 'rounds' must be a "
                + "whole number, got 2.5"), r.errorLine());
        assertFalse(Files.exists(out));

        Cli demp = Cli.run("train", "--method", "demp", "--method-config", "{\"checkEvery\": 1.5}", "--out", out.toString());
        assertEquals(2, demp.exitCode(), demp.err());
        assertTrue(demp.errorLine().contains("'checkEvery' must be a whole number, got 1.5"), demp.errorLine());
    }
}
