package org.example.deadwood.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deadwood.api.report.CellResult;
import io.deadwood.api.report.SuiteTable;
import io.deadwood.api.report.Table;
import io.deadwood.testkit.SampleCells;
import io.deadwood.testkit.SuiteTableContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deadwood's table contract, plus which rows are on the front. */
class FrontTableTest extends SuiteTableContract {
    @Override protected SuiteTable table() { return new FrontTable(); }

    @Test
    void aVariantBeatenOnBothCountsIsOffTheFront() {
        // SampleCells: dense at 0.91-0.92 and the toy variant at 0.88-0.89, both with the same FLOPs
        List<CellResult> cells = SampleCells.typical();
        Table t = new FrontTable().render("t", cells);
        assertEquals(List.of("mlp w0.5", "dense", "2/2", "0.9150", "2.00e+06", "yes"), t.rows().get(0));
        assertEquals("no", t.rows().get(1).get(5));
        assertEquals(List.of("mlp w0.5", "toy[p=0.9]", "0/1", "-", "-", "-"), t.rows().get(2));
    }
}
