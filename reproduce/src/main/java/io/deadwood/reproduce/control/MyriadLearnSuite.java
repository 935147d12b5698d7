package io.deadwood.reproduce.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.report.Table;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.ControlProblems;
import io.deadwood.control.learn.LearnConfig;
import io.deadwood.control.learn.LearnRun;
import io.deadwood.control.learn.Planning;
import io.deadwood.reproduce.cli.OutputFolder;
import io.deadwood.reproduce.cli.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code reproduce myriad-learn}: for each system, learn its dynamics densely, with DemP at three
 * strengths, with two baselines pruned to the middle DemP's neuron sparsity, and end to end; plan on
 * each learned model and score the plan on the true system. One cell per system and seed
 * ({@code cells/SYSTEM-sSEED/result.json}, kept on a rerun), then a table of cost gap against neuron
 * sparsity, its CSV, a one-row-per-system summary, and plots.
 */
public final class MyriadLearnSuite {

    /** DemP's strengths (lambdaMax; L2 on positive weights, as the dynamics networks have no BatchNorm). */
    static final double[] DEMP_LAMBDAS = {1e-3, 1e-2, 1e-1};
    static final String MATCHED = "demp 0.01";

    record Preset(String name, List<String> systems, LearnConfig config, int seeds) {
        static Preset of(String name) {
            return switch (name) {
                case "quick" -> new Preset("quick", List.of("simple-case", "mould-fungicide", "bacteria", "cancer-treatment",
                        "harvest", "glucose", "bioreactor", "epidemic-seirn"), LearnConfig.DEFAULT, 2);
                case "study" -> new Preset("study", null, LearnConfig.DEFAULT.withEpochs(60), 3);
                default -> throw new UserError("no preset '" + name + "' for myriad-learn; choose quick or study");
            };
        }
    }

    private static final String TITLE = "myriad-learn";
    private static final String DESCRIPTION = "learned dynamics: system identification, pruned while it trains, "
            + "and planning through the learned model";

    private MyriadLearnSuite() {
    }

    static List<LearnCell.Spec> specs() {
        List<LearnCell.Spec> s = new ArrayList<>();
        s.add(new LearnCell.Spec("dense", null, null, null));
        for (double l : DEMP_LAMBDAS) {
            ObjectNode c = JsonNodeFactory.instance.objectNode();
            c.put("regularizer", "positive-l2");
            c.put("lambdaMax", l);
            s.add(new LearnCell.Spec("demp " + num(l), "demp", c, null));
        }
        s.add(new LearnCell.Spec("snap", "snap", null, MATCHED));
        s.add(new LearnCell.Spec("random-structured", "random-structured", null, MATCHED));
        s.add(new LearnCell.Spec(LearnCell.END_TO_END, LearnCell.END_TO_END, null, null));
        return s;
    }

    public static int reproduce(String presetName, Path out, ClassLoader plugins, String solverId, Integer seedsOverride) {
        Preset preset = Preset.of(presetName);
        int seeds = seedsOverride == null ? preset.seeds() : seedsOverride;
        if (seeds < 1) throw new UserError("--seeds must be >= 1, got " + seeds);
        Path dir = out != null ? out : Path.of("results", "myriad-learn-" + preset.name());
        ControlProblems problems = ControlProblems.discover(plugins);
        List<ControlProblem> systems = preset.systems() == null ? problems.all()
                : preset.systems().stream().map(problems::get).toList();
        Planning planning = LearnCommand.planning("hermite-simpson", preset.config().intervals(), solverId == null ? "sqp" : solverId);
        var variants = LearnCell.variants(specs(), PruningMethods.discover(plugins));
        OutputFolder folder = OutputFolder.prepare(dir);
        return folder.locked(() -> {
            long begin = System.nanoTime();
            Table t = run(systems, preset.config(), seeds, planning, variants, plugins, dir, (index, total, system, seed, kept) ->
                    System.out.printf(Locale.ROOT, "[%d/%d] %s seed %d%s%n", index, total, system, seed, kept ? ": kept from an earlier run" : ""));
            System.out.println();
            System.out.print(Files.readString(dir.resolve("summary.md")));
            System.out.printf(Locale.ROOT, "%nwrote %s (every variant in detail), summary.md, table.csv and plots/ in %.1f s%n", dir.resolve("table.md"),
                    (System.nanoTime() - begin) / 1e9);
            return 0;
        });
    }

    interface Progress {
        void cell(int index, int total, String system, int seed, boolean kept);
    }

    /** Runs (or keeps) every system and seed into {@code dir}, then writes the table, its CSV and the plot. */
    static Table run(List<ControlProblem> systems, LearnConfig config, int seeds, Planning planning, List<LearnRun.Variant> variants,
                     ClassLoader plugins, Path dir, Progress progress) throws java.io.IOException {
        List<LearnResult> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int total = systems.size() * seeds, index = 0;
        for (ControlProblem p : systems) {
            for (int seed = 1; seed <= seeds; seed++) {
                index++;
                Path cell = dir.resolve("cells").resolve(p.id() + "-s" + seed);
                Path file = cell.resolve("result.json");
                boolean kept = Files.isRegularFile(file);
                progress.cell(index, total, p.id(), seed, kept);
                if (kept) {
                    results.add(AtomicFiles.json().readValue(file.toFile(), LearnResult.class));
                    continue;
                }
                try {
                    results.add(LearnCell.run(p, config.withSeed(seed), planning, variants, "auto", plugins, file,
                            cell.resolve("trajectories.png"), MATCHED));
                    if (index < total) {
                        io.deadwood.reproduce.report.FolderPage.write(dir, TITLE, DESCRIPTION, List.of(LearnTable.summary(results),
                                LearnTable.of(results, failed)), index + " of " + total + " cells done");
                    }
                } catch (RuntimeException e) {
                    // A system that cannot be sampled or planned on is a note, not a stop; its cell is not written, so a rerun tries again.
                    String why = p.id() + " seed " + seed + ": " + e.getMessage();
                    System.out.println("  FAILED " + why);
                    failed.add(why);
                }
            }
        }
        if (results.isEmpty()) throw new UserError("no system of the suite could be learned: " + String.join("; ", failed));
        Table t = LearnTable.of(results, failed);
        AtomicFiles.write(dir.resolve("table.md"), t.markdown().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("table.csv"), t.csv().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("summary.md"), LearnTable.summary(results).markdown().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("plots").resolve("gap-vs-sparsity.png"), LearnTable.gapPlot(results));
        io.deadwood.reproduce.report.FolderPage.write(dir, TITLE, DESCRIPTION, List.of(LearnTable.summary(results), t));
        return t;
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%s", v < 1e-2 ? String.format(Locale.ROOT, "%.0e", v) : Double.toString(v));
    }
}
