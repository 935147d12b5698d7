package io.deadwood.reproduce.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What {@code DIR/suite.json} holds: the suite and preset a folder's cells belong to, the preset's
 * settings as resolved, and the cells in run order. A rerun with other settings is refused, and
 * {@code deadwood report} renders from this and the cell results alone.
 */
public record SuiteRecord(String suite, String description, String table, String preset, JsonNode settings,
                          List<CellInfo> cells) {

    /** {@code method} is the configured method id, null for a dense cell. */
    public record CellInfo(String id, String label, String variant, String method, String model, double width, long seed,
                           String backend, String matchOf) {
    }
}
