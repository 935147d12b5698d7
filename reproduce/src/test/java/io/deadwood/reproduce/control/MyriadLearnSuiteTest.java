package io.deadwood.reproduce.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.nn.OdeScheme;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.report.Table;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.ControlProblems;
import io.deadwood.control.learn.LearnConfig;
import io.deadwood.control.learn.LearnRun;
import io.deadwood.control.learn.Planning;
import io.deadwood.testkit.ReferenceBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MyriadLearnSuiteTest {
    private static final LearnConfig TINY = new LearnConfig(20, 10, 3, 12, 2, "relu", OdeScheme.RK4, 3, 16, 3e-3, 0.1, 0.2, 1);
    private final ControlProblems all = ControlProblems.discover(getClass().getClassLoader());

    @Test
    void runsEveryVariantKeepsCellsAndResumes(@TempDir Path dir) throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        List<ControlProblem> systems = List.of(all.get("lqr"));
        Planning planning = LearnCommand.planning("trapezoidal", TINY.intervals(), "sqp");
        var variants = LearnCell.variants(MyriadLearnSuite.specs(), PruningMethods.discover(loader));
        List<Boolean> kept = new ArrayList<>();
        Table t = MyriadLearnSuite.run(systems, TINY, 1, planning, variants, loader, dir, (i, n, s, seed, k) -> kept.add(k));
        assertEquals(List.of(false), kept);
        assertEquals(variants.size(), t.rows().size(), "one row per variant");
        LearnResult r = AtomicFiles.json().readValue(dir.resolve("cells/lqr-s1/result.json").toFile(), LearnResult.class);
        assertEquals(LearnResult.SCHEMA, r.schema());
        List<String> labels = r.variants().stream().map(LearnResult.Variant::label).toList();
        assertEquals(List.of("dense", "demp 1e-03", "demp 0.01", "demp 0.1", "snap", "random-structured", "end-to-end"), labels);
        LearnResult.Variant matched = null, target = null;
        for (LearnResult.Variant v : r.variants()) {
            assertNull(v.failure(), v.label() + " failed: " + v.failure());
            assertTrue(Double.isFinite(v.costGap()) && Double.isFinite(v.rolloutError()), v.toString());
            assertTrue(v.unitsAfter() <= v.unitsBefore() && v.unitsBefore() == 24, v.toString());
            if (v.label().equals("random-structured")) matched = v;
            if (v.label().equals(MyriadLearnSuite.MATCHED)) target = v;
        }
        assertEquals(target.unitsAfter(), matched.unitsAfter(), "the baseline is pruned to DemP's neuron count");
        LearnResult.Variant e2e = r.variants().getLast();
        assertTrue(e2e.planningSteps() > 0 && Double.isFinite(e2e.planningLossFirst()) && Double.isFinite(e2e.planningLossLast()),
                e2e.toString());
        assertTrue(Double.isNaN(r.variants().getFirst().planningLossFirst()), "only end to end has a planning loss");
        assertTrue(Files.isRegularFile(dir.resolve("cells/lqr-s1/trajectories.png")));
        assertTrue(Files.isRegularFile(dir.resolve("plots/gap-vs-sparsity.png")) && Files.isRegularFile(dir.resolve("table.csv")));
        String page = Files.readString(dir.resolve("index.html"));
        assertTrue(page.contains("alt=\"plots-gap-vs-sparsity.png\"") && page.contains("/result.json\""),
                "index.html has the plots inline and links to the cells");
        List<String> summary = Files.readAllLines(dir.resolve("summary.md"));
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("| lqr | ")), String.join("\n", summary));
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("| median over systems | ")), String.join("\n", summary));
        assertTrue(summary.stream().anyMatch(l -> l.contains("| end-to-end |")), "a column per variant");
        String first = Files.readString(dir.resolve("table.md"));
        kept.clear();
        MyriadLearnSuite.run(systems, TINY, 1, planning, variants, loader, dir, (i, n, s, seed, k) -> kept.add(k));
        assertEquals(List.of(true), kept, "a rerun keeps the finished cell");
        assertEquals(first, Files.readString(dir.resolve("table.md")));
    }

    /** Every pruning method on the class path trains a dynamics model (a regression model applied many times per step). */
    @Test
    void everyPruningMethodTrainsADynamicsModel() {
        ControlProblem p = all.get("lqr");
        Planning planning = LearnCommand.planning("trapezoidal", TINY.intervals(), "sqp");
        List<LearnRun.Variant> variants = new ArrayList<>();
        for (var m : PruningMethods.discover(getClass().getClassLoader()).all()) variants.add(new LearnRun.Variant(m.id(), m, null, null));
        LearnRun.Result r = LearnRun.run(p, TINY, planning, variants, new ReferenceBackend(), null);
        for (LearnRun.Row row : r.rows()) {
            assertNull(row.failure(), row.label() + ": " + row.failure());
            assertTrue(Double.isFinite(row.rolloutError()) && row.plan() != null, row.label());
        }
    }

    @Test
    void theSameSeedLearnsTheSameModel() {
        ControlProblem p = all.get("simple-case");
        Planning planning = LearnCommand.planning("trapezoidal", TINY.intervals(), "sqp");
        var a = LearnRun.run(p, TINY, planning, List.of(LearnRun.Variant.dense()), new ReferenceBackend(), null).rows().getFirst();
        var b = LearnRun.run(p, TINY, planning, List.of(LearnRun.Variant.dense()), new ReferenceBackend(), null).rows().getFirst();
        assertEquals(a.rolloutError(), b.rolloutError(), 0.0);
        assertEquals(a.plan().cost(), b.plan().cost(), 0.0);
    }

    @Test
    void anUnknownPresetIsRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.deadwood.reproduce.cli.UserError.class,
                () -> MyriadLearnSuite.Preset.of("huge"));
        assertTrue(e.getMessage().contains("quick or study"), e.getMessage());
    }

    /** A system whose dynamics are NaN everywhere cannot be sampled: it is a note in the table, and the others run. */
    @Test
    void aSystemThatCannotBeLearnedIsANoteNotAStop(@TempDir Path dir) throws Exception {
        ControlProblem broken = new ControlProblem() {
            @Override public String id() { return "blows-up"; }
            @Override public String description() { return "NaN dynamics"; }
            @Override public String source() { return "a test"; }
            @Override public int states() { return 1; }
            @Override public int controls() { return 1; }
            @Override public double horizon() { return 1; }
            @Override public double[] initialState() { return new double[] {1}; }
            @Override public io.deadwood.control.Bounds stateBounds() { return io.deadwood.control.Bounds.none(1); }
            @Override public io.deadwood.control.Bounds controlBounds() { return io.deadwood.control.Bounds.of(1, -1, 1); }
            @Override public <T extends org.hipparchus.CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) {
                T[] dx = x.clone();
                dx[0] = x[0].multiply(Double.NaN);
                return dx;
            }
            @Override public <T extends org.hipparchus.CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) { return u[0].multiply(u[0]); }
        };
        ClassLoader loader = getClass().getClassLoader();
        Planning planning = LearnCommand.planning("trapezoidal", TINY.intervals(), "sqp");
        List<LearnRun.Variant> dense = List.of(LearnRun.Variant.dense());
        Table t = MyriadLearnSuite.run(List.of(broken, all.get("lqr")), TINY, 1, planning, dense, loader, dir, (i, n, s, seed, k) -> { });
        assertEquals(1, t.rows().size(), "lqr's row");
        assertTrue(t.notes().stream().anyMatch(n -> n.startsWith("not learned: blows-up seed 1: ")), t.notes().toString());
        assertTrue(!Files.exists(dir.resolve("cells/blows-up-s1/result.json")), "no cell for it, so a rerun tries again");
    }
}
