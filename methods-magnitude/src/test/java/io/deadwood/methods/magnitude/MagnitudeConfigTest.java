package io.deadwood.methods.magnitude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.prune.PruningMethods;
import org.junit.jupiter.api.Test;

class MagnitudeConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String refused(String json) throws Exception {
        var e = assertThrows(DeadwoodException.class,
                () -> PruningMethods.readConfig(new MagnitudeMethod(), JSON.readTree(json)));
        return e.getMessage();
    }

    @Test
    void badValuesAreRefusedNamingTheField() throws Exception {
        assertTrue(refused("{\"mode\":\"sometimes\"}").contains("mode"));
        assertTrue(refused("{\"rate\":1.5}").contains("rate"));
        assertTrue(refused("{\"rounds\":0}").contains("rounds"));
        assertTrue(refused("{\"targetSparsity\":0}").contains("targetSparsity"));
        assertTrue(refused("{\"rewind\":\"later\"}").contains("rewind"));
    }

    @Test
    void aConfigNamesOnlyWhatItChanges() throws Exception {
        MagnitudeConfig c = PruningMethods.readConfig(new MagnitudeMethod(), JSON.readTree("{\"mode\":\"one-shot\"}"));
        assertEquals(new MagnitudeConfig("one-shot", 0.2, 3, 0.8, "cycle-start", true), c);
        assertEquals(1, c.pruneRounds());
    }
}
