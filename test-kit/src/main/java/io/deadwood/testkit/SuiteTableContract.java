package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.report.CellResult;
import io.deadwood.api.report.Figure;
import io.deadwood.api.report.SuiteTable;
import io.deadwood.api.report.SuiteTables;
import io.deadwood.api.report.Table;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SuiteTable} promises. A subclass names the table and, when the made-up
 * {@link SampleCells#typical()} results do not fit it, cells of its own (they must include at least
 * one cell that did not complete).
 */
public abstract class SuiteTableContract {
    private static final String TITLE = "contract (quick preset): made-up results";

    /** The table under test. */
    protected abstract SuiteTable table();

    /** Results to render: completed cells and at least one that did not complete. */
    protected List<CellResult> cells() {
        return SampleCells.typical();
    }

    @Test
    void idAndDescriptionArePlain() {
        assertTrue(table().id().matches("[a-z0-9-]+"), "id must match [a-z0-9-]+: " + table().id());
        assertEquals(table().id(), table().id(), "the id is stable");
        assertFalse(table().description() == null || table().description().isBlank(), "a description is required");
        assertFalse(table().description().contains("\n"), "the description is one line");
    }

    @Test
    void isFoundByServiceLoader() {
        SuiteTables found = SuiteTables.discover(table().getClass().getClassLoader());
        assertTrue(found.all().stream().anyMatch(t -> t.getClass().equals(table().getClass())),
                table().getClass().getName() + " is not listed in META-INF/services/" + SuiteTable.class.getName()
                        + " (broken: " + found.broken() + ")");
    }

    @Test
    void rendersEveryRowUnderTheHeaderWithTheTitleGiven() {
        Table t = table().render(TITLE, List.copyOf(cells()));
        assertEquals(TITLE, t.title());
        assertFalse(t.header().isEmpty(), "a table has columns");
        for (List<String> row : t.rows()) {
            for (String cell : row) assertNotNull(cell, "a cell is text, '-' when there is nothing to show");
        }
        assertTrue(t.markdown().startsWith("# " + TITLE + "\n"), t.markdown());
        assertTrue(t.csv().startsWith(String.join(",", t.header().stream().map(h -> h.contains(",") ? "\"" + h + "\"" : h).toList())),
                t.csv());
    }

    @Test
    void rendersTheSameEveryTime() {
        Table a = table().render(TITLE, List.copyOf(cells())), b = table().render(TITLE, List.copyOf(cells()));
        assertEquals(a.markdown(), b.markdown());
        assertEquals(a.csv(), b.csv());
    }

    @Test
    void rendersAFolderWithNothingFinishedYet() {
        Table t = assertDoesNotThrow(() -> table().render(TITLE, List.of()));
        assertEquals(TITLE, t.title());
        assertDoesNotThrow(() -> table().plots(List.of()));
    }

    @Test
    void showsOrNotesEveryCellThatDidNotComplete() {
        List<CellResult> failed = cells().stream().filter(c -> !c.completed()).toList();
        assertFalse(failed.isEmpty(), "cells() must include a cell that did not complete");
        String markdown = table().render(TITLE, List.copyOf(cells())).markdown();
        for (CellResult c : failed) {
            assertTrue(markdown.contains(c.result().error()), "the error of " + c.cell().id() + " is neither shown nor noted:\n" + markdown);
        }
    }

    @Test
    void figuresArePngsWithDistinctNames() {
        List<Figure> figures = table().plots(List.copyOf(cells()));
        Set<String> names = new HashSet<>();
        for (Figure f : figures) {
            assertTrue(names.add(f.fileName()), "two figures named " + f.fileName());
            assertTrue(f.png().length > 4 && (f.png()[0] & 0xff) == 0x89 && f.png()[1] == 'P' && f.png()[2] == 'N'
                    && f.png()[3] == 'G', f.fileName() + " is not a PNG");
        }
    }
}
