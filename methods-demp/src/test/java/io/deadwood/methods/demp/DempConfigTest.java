package io.deadwood.methods.demp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.prune.PruningMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DempConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultsAreThePapersShape() {
        DempConfig d = new DempMethod().defaultConfig();
        assertEquals("bn-l1", d.regularizer());
        assertEquals(1.0, d.lambdaSpan());
        assertEquals(25, d.lambdaStartDiv());
        assertEquals(2.5e5, d.lambdaEndDiv());
        assertEquals(0.3, d.lambdaPeakAt());
        assertEquals(5e-5, d.noiseSigmaMax());
        assertTrue(d.noiseLiveOnly());
        assertEquals(0, d.checkEvery());
        assertEquals(0, d.deadEps());
        assertEquals(1, d.minUnitsPerGroup());
        assertTrue(d.finalCheck());
        assertEquals("sequential", d.noiseGenerator(), "the generator every earlier run used");
    }

    @Test
    void aPartialConfigKeepsTheOtherDefaults() throws Exception {
        DempConfig c = PruningMethods.readConfig(new DempMethod(),
                JSON.readTree("{\"regularizer\": \"positive-l2\", \"lambdaMax\": 0.01}"));
        assertEquals(DempConfig.DEFAULT.withRegularizer("positive-l2").withLambdaMax(0.01), c);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"lambdaMax\": -1}|demp.lambdaMax must be >= 0, got -1",
        "{\"regularizer\": \"l1\"}|demp.regularizer must be one of bn-l1, l2, positive-l2, got 'l1'",
        "{\"lambdaSpan\": 0}|demp.lambdaSpan must be > 0",
        "{\"lambdaStartDiv\": 0.5}|demp.lambdaStartDiv must be >= 1, got 0.5",
        "{\"lambdaEndDiv\": 0}|demp.lambdaEndDiv must be >= 1",
        "{\"lambdaPeakAt\": 1.5}|demp.lambdaPeakAt must be in [0, 1]",
        "{\"noiseSigmaMax\": -0.1}|demp.noiseSigmaMax must be >= 0",
        "{\"checkEvery\": -3}|demp.checkEvery must be >= 0, got -3",
        "{\"deadEps\": -1e-9}|demp.deadEps must be >= 0",
        "{\"minUnitsPerGroup\": 0}|demp.minUnitsPerGroup must be >= 1, got 0",
        "{\"noiseGenerator\": \"philox\"}|demp.noiseGenerator must be one of sequential, counter, got 'philox'"})
    void aBadValueNamesItsField(String json, String message) throws Exception {
        var e = assertThrows(DeadwoodException.class, () -> PruningMethods.readConfig(new DempMethod(), JSON.readTree(json)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
