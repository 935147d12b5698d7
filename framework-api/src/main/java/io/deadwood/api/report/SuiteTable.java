package io.deadwood.api.report;

import java.util.List;

/**
 * A kind of suite table, found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.deadwood.api.report.SuiteTable}). A suite file picks one with
 * {@code table: ID}; {@code deadwood reproduce} and {@code deadwood report} render the suite folder
 * with it, writing {@code table.md} and {@code table.csv} from {@link #render} and one PNG per
 * {@link #plots} figure. A provider is stateless and reads the cell results only, never logs, so a
 * folder renders the same however often it is re-rendered.
 */
public interface SuiteTable {

    /** Stable id, {@code [a-z0-9-]+}: the value of {@code table:} in a suite file. */
    String id();

    /** One line for {@code deadwood reproduce --help} and the docs. */
    String description();

    /**
     * The table of a suite folder's finished cells, in the suite's order. {@code cells} may be empty
     * (nothing finished yet) and may hold cells that diverged, failed or were skipped.
     *
     * @param title the heading Deadwood chose (suite, preset and description); use it as the table's title
     */
    Table render(String title, List<CellResult> cells);

    /** Plots drawn from the same cells; none by default. A figure's name must be unique within the list. */
    default List<Figure> plots(List<CellResult> cells) {
        return List.of();
    }
}
