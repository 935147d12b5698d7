package io.deadwood.reproduce.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.report.Table;
import io.deadwood.control.ControlProblems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MyriadSuiteTest {

    @Test
    void solvesEveryApplicablePairKeepsCellsAndResumes(@TempDir Path dir) throws Exception {
        ControlProblems all = ControlProblems.discover(getClass().getClassLoader());
        var systems = List.of(all.get("lqr"), all.get("simple-case"));
        var preset = MyriadSuite.Preset.of("quick");
        List<Boolean> reused = new ArrayList<>();
        Table t = MyriadSuite.run(systems, preset, ControlSolvers.choose(null), dir, (i, n, id, r, kept) -> reused.add(kept));
        // lqr: the four direct methods; simple-case (a Lenhart lab): those and the sweep
        assertEquals(9, t.rows().size());
        assertTrue(reused.stream().noneMatch(b -> b));
        assertTrue(Files.isRegularFile(dir.resolve("cells/lqr_hermite-simpson/result.json")));
        assertTrue(Files.isRegularFile(dir.resolve("table.md")) && Files.isRegularFile(dir.resolve("table.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("plots/lqr.png")) && Files.isRegularFile(dir.resolve("plots/simple-case.png")));
        String page = Files.readString(dir.resolve("index.html"));
        assertTrue(page.contains("<table id=\"results\">") && page.contains("alt=\"plots-lqr.png\"")
                && page.contains("data:image/png;base64,"), "index.html has the table and the plots inline");
        assertTrue(!page.contains("http-equiv=\"refresh\""), "the finished suite's page stops reloading");
        java.nio.file.Files.delete(dir.resolve("index.html"));
        io.deadwood.reproduce.report.FolderPage.rerender(dir);
        assertEquals(page, Files.readString(dir.resolve("index.html")), "report DIR draws the same page again");
        for (List<String> row : t.rows()) {
            assertTrue(row.get(4).equals("converged") || row.get(4).startsWith("NOT converged: "), row.toString());
        }
        String first = Files.readString(dir.resolve("table.md"));
        reused.clear();
        MyriadSuite.run(systems, preset, ControlSolvers.choose(null), dir, (i, n, id, r, kept) -> reused.add(kept));
        assertTrue(reused.stream().allMatch(b -> b), "a rerun keeps every finished cell");
        assertEquals(first, Files.readString(dir.resolve("table.md")));
    }

    @Test
    void anUnknownPresetIsRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.deadwood.reproduce.cli.UserError.class, () -> MyriadSuite.Preset.of("huge"));
        assertTrue(e.getMessage().contains("quick or study"), e.getMessage());
    }
}
