package io.deadwood.reproduce.control;

import io.deadwood.api.report.Table;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolver;
import io.deadwood.control.optim.Solution;
import io.deadwood.control.optim.TrajectoryOptimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code reproduce myriad}: every system solved by every optimiser that applies to it, one cell per
 * pair, each kept in {@code cells/SYSTEM_OPTIMIZER/result.json} so that a rerun skips what is done;
 * then a table (cost, violation, status, iterations, time), its CSV and one trajectory plot per system.
 */
public final class MyriadSuite {

    /** A preset: the grid every system is solved on. */
    private static final String TITLE = "myriad";
    private static final String DESCRIPTION = "optimal-control systems solved by each trajectory optimiser";

    record Preset(String name, int intervals, Integrator integrator, NlpOptions options) {
        static Preset of(String name) {
            return switch (name) {
                case "quick" -> new Preset("quick", 20, Integrator.HEUN, new NlpOptions(1e-6, 3000, 10));
                case "study" -> new Preset("study", 50, Integrator.HEUN, new NlpOptions(1e-8, 3000, 120));
                default -> throw new io.deadwood.reproduce.cli.UserError("no preset '" + name + "' for myriad; choose quick or study");
            };
        }
    }

    interface Progress {
        void cell(int index, int total, String id, SolveResult result, boolean reused);
    }

    /** The largest violation a plan may leave and still count as feasible in the plots. */
    static final double FEASIBLE = 1e-4;

    private MyriadSuite() {
    }

    /** The command line's entry: solves the preset into {@code out} (default results/myriad-PRESET), resuming. */
    public static int reproduce(String presetName, Path out, ClassLoader plugins, String solverId) {
        Preset preset = Preset.of(presetName);
        Path dir = out != null ? out : Path.of("results", "myriad-" + preset.name());
        List<ControlProblem> systems = io.deadwood.control.ControlProblems.discover(plugins).all();
        NlpSolver solver = ControlSolvers.choose(solverId);
        io.deadwood.reproduce.cli.OutputFolder folder = io.deadwood.reproduce.cli.OutputFolder.prepare(dir);
        try (AutoCloseable lock = folder.lock()) {
            long start = System.nanoTime();
            Table t = run(systems, preset, solver, dir, (i, n, id, r, reused) -> System.out.printf(Locale.ROOT,
                    "[%d/%d] %s: %s, cost %s, %.2f s%s%n", i, n, id, r.converged() ? "converged" : "NOT converged (" + r.status() + ")",
                    num(r.cost()), r.solveSeconds(), reused ? " (kept from an earlier run)" : ""));
            System.out.printf(Locale.ROOT, "%s%nwrote %s, table.csv and plots/ in %.1f s%n", t.notes().get(0), dir.resolve("table.md"),
                    (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Table run(List<ControlProblem> systems, Preset preset, NlpSolver solver, Path dir, Progress progress) throws Exception {
        List<String[]> pairs = new ArrayList<>();
        Map<String, ControlProblem> byId = new LinkedHashMap<>();
        for (ControlProblem p : systems) {
            byId.put(p.id(), p);
            for (TrajectoryOptimizer o : TrajectoryOptimizer.all()) {
                if (o.inapplicable(p).isEmpty()) pairs.add(new String[] {p.id(), o.id()});
            }
        }
        List<SolveResult> results = new ArrayList<>();
        Map<String, Solution> plotted = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            String system = pairs.get(i)[0], optimizer = pairs.get(i)[1];
            Path cell = dir.resolve("cells").resolve(system + "_" + optimizer).resolve("result.json");
            if (Files.isRegularFile(cell)) {
                SolveResult r = AtomicFiles.json().readValue(cell.toFile(), SolveResult.class);
                results.add(r);
                progress.cell(i + 1, pairs.size(), system + "_" + optimizer, r, true);
                continue;
            }
            String started = Instant.now().toString();
            Solution s;
            try {
                ControlProblem p = byId.get(system);
                // A discrete-time system has its own steps: one interval each.
                int intervals = p.discreteTime() ? (int) Math.round(p.horizon()) : preset.intervals();
                s = TrajectoryOptimizer.of(optimizer).solve(p, preset.integrator(), intervals, solver, preset.options());
            } catch (RuntimeException e) {
                // A solve that fails outright is a row of its own, not a stop: the others go on.
                SolveResult failed = new SolveResult(SolveResult.SCHEMA, system, optimizer, preset.integrator().id(), preset.intervals(),
                        solver.id(), false, "failed: " + e, Double.NaN, Double.NaN, 0, 0, null, null, null, null, null,
                        io.deadwood.api.result.MachineProbe.software(), io.deadwood.api.result.MachineProbe.machine(), started);
                AtomicFiles.writeJson(cell, failed);
                results.add(failed);
                progress.cell(i + 1, pairs.size(), system + "_" + optimizer, failed, false);
                continue;
            }
            SolveResult r = SolveResult.of(system, s, started);
            AtomicFiles.writeJson(cell, r);
            results.add(r);
            // The plot shows the best feasible plan: a sweep that ignores a state bound may cost less by breaking it.
            if (s.converged() && Double.isFinite(s.cost()) && s.nlp().violation() <= FEASIBLE
                    && (!plotted.containsKey(system) || s.cost() < plotted.get(system).cost())) {
                plotted.put(system, s);
            }
            progress.cell(i + 1, pairs.size(), system + "_" + optimizer, r, false);
            if (i + 1 < pairs.size()) {
                io.deadwood.reproduce.report.FolderPage.write(dir, TITLE, DESCRIPTION, List.of(table(preset, results)),
                        (i + 1) + " of " + pairs.size() + " cells done");
            }
        }
        for (var e : plotted.entrySet()) {
            AtomicFiles.write(dir.resolve("plots").resolve(e.getKey() + ".png"),
                    TrajectoryPlot.png(e.getKey() + ", " + e.getValue().optimizer(), e.getValue()));
        }
        Table table = table(preset, results);
        AtomicFiles.write(dir.resolve("table.md"), table.markdown().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("table.csv"), table.csv().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        io.deadwood.reproduce.report.FolderPage.write(dir, TITLE, DESCRIPTION, List.of(table));
        return table;
    }

    static Table table(Preset preset, List<SolveResult> results) {
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int converged = 0;
        for (SolveResult r : results) {
            if (r.converged()) converged++;
            rows.add(List.of(r.system(), r.optimizer(), num(r.cost()), Double.isNaN(r.violation()) ? "-" : String.format(Locale.ROOT, "%.1e", r.violation()),
                    r.converged() ? "converged" : "NOT converged: " + r.status(), String.valueOf(r.iterations()),
                    String.format(Locale.ROOT, "%.2f", r.solveSeconds()), r.solver() == null ? "-" : r.solver().split("[, (]")[0]));
            if (r.converged() && r.violation() > FEASIBLE) {
                notes.add(r.system() + " by " + r.optimizer() + " converged to a plan that violates a bound by " + num(r.violation())
                        + ": the method does not impose that bound, so it solved a different problem");
            }
        }
        notes.add(0, converged + " of " + results.size() + " solves converged; N = " + preset.intervals() + " (discrete-time systems: one interval per step), integrator "
                + preset.integrator().id() + " for shooting and the sweep; cost is the plan run through the true dynamics (RK4, fine step)");
        return new Table("myriad (" + preset.name() + " preset): every system by every applicable optimiser",
                List.of("system", "optimizer", "cost", "violation", "status", "iterations", "solve s", "solver"), rows, notes);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "-";
    }
}
