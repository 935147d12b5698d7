package io.deadwood.reproduce.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.deadwood.api.report.SuiteCell;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.TrainResult;
import io.deadwood.reproduce.suite.SuiteRecord;
import io.deadwood.reproduce.suite.SuiteRunner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables rendered from fixed cell results must match the committed golden files exactly; the
 * plots must be real PNGs. Run with DEADWOOD_GOLDEN_UPDATE=true in the environment to rewrite the golden files.
 */
class RenderGoldenTest {

    private static TrainResult cell(String methodId, double acc, double sparsity, double wall, long units,
                                    List<TrainResult.EpochRecord> epochs) {
        return new TrainResult(TrainResult.SCHEMA, "completed", "vgg11", 0.25, "fashion-mnist",
                methodId == null ? null : new TrainResult.MethodInfo(methodId, JsonNodeFactory.instance.objectNode()),
                acc, 0.3, sparsity, sparsity * 1.5, epochs, new TrainResult.Counts(1000, Math.round(1000 * (1 - sparsity))),
                new TrainResult.Counts(100, units), new TrainResult.Counts(5_000_000, 4_000_000),
                new TrainResult.TrainingFlops(Math.round(1e12 * (1 - sparsity / 2)), 1_000_000_000_000L), List.of(), Map.of(),
                wall, "0".repeat(64), null, null, wall * 0.8, null, Double.NaN);
    }

    private static TrainResult.EpochRecord epoch(int e, int cycle, double acc, double dnr, double ws, int units) {
        return new TrainResult.EpochRecord(e, cycle, 0.5, 0.8, 0.4, acc, 1000, 10, 0.05, units, 900, dnr, ws,
                Map.of("conv1", units / 2, "conv2", units - units / 2), Map.of("conv1", dnr), 1_000_000L * e);
    }

    private static Path suiteDir(Path dir, String table, List<String[]> cells, List<TrainResult> results) {
        List<SuiteCell> infos = new ArrayList<>();
        for (String[] c : cells) {
            String method = c[1].equals("dense") ? null : c[1];
            infos.add(new SuiteCell(c[0], c[1], c[2], method, "vgg11", 0.25, Long.parseLong(c[3]), "auto", null));
        }
        AtomicFiles.writeJson(dir.resolve("suite.json"), new SuiteRecord("fixture", "fixed results", table, "quick",
                JsonNodeFactory.instance.objectNode(), infos));
        for (int i = 0; i < results.size(); i++) AtomicFiles.writeJson(SuiteRunner.resultFile(dir, infos.get(i).id()), results.get(i));
        return dir;
    }

    @Test
    void dempTableMatchesGolden(@TempDir Path tmp) throws IOException {
        var e = List.of(epoch(1, 0, 0.8, 0.5, 0.0, 100), epoch(2, 0, 0.85, 0.4, 0.1, 80));
        Path dir = suiteDir(tmp, "demp",
                List.of(new String[] {"d1", "dense", "dense", "1"}, new String[] {"d2", "dense", "dense", "2"},
                        new String[] {"p1", "demp", "demp[lambdaMax=0.2]", "1"}, new String[] {"p2", "demp", "demp[lambdaMax=0.2]", "2"},
                        new String[] {"r1", "random-structured", "random", "1"}),
                List.of(cell(null, 0.90, 0, 100, 100, e), cell(null, 0.92, 0, 110, 100, e),
                        cell("demp", 0.89, 0.4, 60, 60, e), cell("demp", 0.88, 0.42, 62, 58, e),
                        new TrainResult(TrainResult.SCHEMA, "diverged", "vgg11", 0.25, "fashion-mnist", null, Double.NaN,
                                Double.NaN, Double.NaN, Double.NaN, List.of(), null, null, null, null, List.of(), Map.of(), 3,
                                null, "diverged at step 7: loss is NaN; lower the learning rate", null, Double.NaN, null, Double.NaN)));
        ReportWriter.Written w = new ReportWriter().write(dir);
        check("demp-table.md", Files.readString(dir.resolve("table.md")));
        check("demp-table.csv", Files.readString(dir.resolve("table.csv")));
        assertEquals(List.of("table.md", "table.csv", "summary.json", "accuracy-vs-sparsity.png",
                "units-over-training.png", "dnr-over-training.png", "index.html"), w.files());
        for (String png : w.files().subList(3, 6)) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertNotNull(img, png);
            assertEquals(900, img.getWidth());
        }
        assertEquals(5, AtomicFiles.json().readTree(dir.resolve("summary.json").toFile()).get("cells").size());
    }

    @Test
    void apTableMatchesGolden(@TempDir Path tmp) throws IOException {
        var base = List.of(epoch(1, 0, 0.85, 0.50, 0.0, 100), epoch(2, 1, 0.84, 0.55, 0.2, 100), epoch(3, 2, 0.80, 0.60, 0.36, 100));
        var ap = List.of(epoch(1, 0, 0.85, 0.50, 0.0, 100), epoch(2, 1, 0.85, 0.50, 0.2, 100), epoch(3, 2, 0.83, 0.52, 0.36, 100));
        Path dir = suiteDir(tmp, "ap",
                List.of(new String[] {"i1", "imp", "imp", "1"}, new String[] {"a1", "imp-ap", "imp-ap", "1"}),
                List.of(cell("magnitude", 0.8, 0, 50, 100, base), cell("ap", 0.83, 0, 52, 100, ap)));
        new ReportWriter().write(dir);
        check("ap-table.md", Files.readString(dir.resolve("table.md")));
    }

    private static void check(String golden, String actual) throws IOException {
        if ("true".equals(System.getenv("DEADWOOD_GOLDEN_UPDATE"))) {
            Files.writeString(Path.of("src/test/resources/golden", golden), actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = RenderGoldenTest.class.getResourceAsStream("/golden/" + golden)) {
            assertNotNull(in, "golden file " + golden + " is missing");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, golden);
        }
    }
}
