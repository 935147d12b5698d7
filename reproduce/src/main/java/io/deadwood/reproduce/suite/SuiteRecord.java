package io.deadwood.reproduce.suite;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.report.SuiteCell;
import java.util.List;

/**
 * What {@code DIR/suite.json} holds: the suite and preset a folder's cells belong to, the preset's
 * settings as resolved, and the cells in run order. A rerun with other settings is refused, and
 * {@code deadwood report} renders from this and the cell results alone.
 */
public record SuiteRecord(String suite, String description, String table, String preset, JsonNode settings,
                          List<SuiteCell> cells) {
}
