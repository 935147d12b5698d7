package io.deadwood.reproduce.cli;

import io.deadwood.api.DeadwoodException;
import io.deadwood.api.report.SuiteTables;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.reproduce.report.ReportWriter;
import io.deadwood.reproduce.suite.CellProcesses;
import io.deadwood.reproduce.suite.LocalParallel;
import io.deadwood.reproduce.suite.SlurmArray;
import io.deadwood.reproduce.suite.Cell;
import io.deadwood.reproduce.suite.SuiteRunner;
import io.deadwood.reproduce.suite.SuiteSpec;
import io.deadwood.reproduce.suite.Suites;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a suite of training runs that regenerates a paper's table, resumably.",
                "Each finished cell is kept in DIR/cells/<id>/result.json; rerunning the same command skips them."})
public final class ReproduceCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SUITE", description = "demp, ap, backends, myriad (optimal control) or myriad-learn (learned dynamics); left out with --suite-file.")
    String suite;

    @Option(names = "--preset", defaultValue = "quick", description = "quick (minutes, Fashion-MNIST) or paper. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--suite-file", paramLabel = "FILE",
            description = "Your own suite (YAML or JSON); its table: may name a plugin's table kind (see docs/tables.md).")
    Path suiteFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: results/SUITE-PRESET.")
    Path out;

    @Option(names = "--seeds", paramLabel = "N", description = "Override the preset's number of seeds.")
    Integer seeds;

    @Option(names = "--plugins", paramLabel = "DIR", description = Plugins.OPTION_HELP)
    Path plugins;

    @Option(names = "--solver", paramLabel = "ipopt|sqp|trust-region|extragradient",
            description = "myriad and myriad-learn only: the NLP solver. Default: ipopt where it is installed, else sqp (myriad); sqp (myriad-learn).")
    String solver;

    @Option(names = "--executor", defaultValue = "local", paramLabel = "local|slurm",
            description = "Where cells run: local (this machine) or slurm (one job array, followed until done). Default: ${DEFAULT-VALUE}.")
    String executor;

    @Option(names = "--max-parallel", paramLabel = "K", description = "Cells at once: local runs K side by side, each "
            + "in its own JVM on its share of the cores (default 1, in this JVM); slurm lets K array tasks run at once (default: no cap).")
    Integer maxParallel;

    @Option(names = "--slurm-partition", paramLabel = "P", description = "Slurm partition for the array (default: the cluster's).")
    String slurmPartition;

    @Option(names = "--slurm-time", paramLabel = "HH:MM:SS", description = "Time limit of each array task.")
    String slurmTime;

    @Option(names = "--slurm-gpus", paramLabel = "N", description = "GPUs for each array task.")
    Integer slurmGpus;

    @Option(names = "--slurm-cpus", paramLabel = "N", defaultValue = "2",
            description = "CPUs for each array task, and the threads its cell trains on. Default: ${DEFAULT-VALUE}.")
    int slurmCpus;

    /** Runs this one cell only (an array task, or one of the local side-by-side processes). */
    @Option(names = "--cell", hidden = true)
    Integer cell;

    @Option(names = "--cell-threads", hidden = true, defaultValue = "0")
    int cellThreads;

    @Option(names = "--debug", description = "Print stack traces on errors.")
    boolean debug;

    private final SuiteRunner runner;
    private final ReportWriter reports;
    private final TrainRuns runs;

    @Inject
    public ReproduceCommand(SuiteRunner runner, ReportWriter reports, TrainRuns runs) {
        this.runner = runner;
        this.reports = reports;
        this.runs = runs;
    }

    @Override
    public Integer call() {
        runs.checkPlugins(plugins);
        if (suiteFile == null && suite == null) {
            throw new UserError("name a suite (demp, ap, backends, myriad or myriad-learn) or give your own with --suite-file FILE");
        }
        checkExecutor();
        boolean ownExecutor = !executor.equals("local") || (maxParallel != null && maxParallel > 1);
        if (suiteFile == null && (suite.equals("myriad-learn") || suite.equals("myriad")) && ownExecutor) {
            throw new UserError("the " + suite + " suite runs in this process only; drop --executor slurm and --max-parallel");
        }
        if (suiteFile == null && suite.equals("myriad-learn")) {
            return io.deadwood.reproduce.control.MyriadLearnSuite.reproduce(preset, out, runs.loader(plugins), solver, seeds);
        }
        if (suiteFile == null && suite.equals("myriad")) {
            return io.deadwood.reproduce.control.MyriadSuite.reproduce(preset, out, runs.loader(plugins), solver);
        }
        if (solver != null) throw new UserError("--solver is for the myriad and myriad-learn suites only");
        SuiteSpec spec = suiteFile != null ? Suites.file(suiteFile) : Suites.builtIn(suite);
        if (seeds != null) {
            if (seeds < 1) throw new UserError("--seeds must be >= 1, got " + seeds);
            spec = withSeeds(spec, seeds);
        }
        // The table kind is checked before any cell runs: finding out after an hour of training would waste it.
        SuiteTables tables = SuiteTables.discover(Plugins.loader(plugins));
        try {
            tables.get(spec.table());
        } catch (DeadwoodException e) {
            throw new UserError((suiteFile != null ? suiteFile + ": " : "") + e.getMessage(), e);
        }
        Path dir = out != null ? out : Path.of("results", spec.name() + "-" + preset);
        if (cell != null) {
            // one cell into a folder its submitter prepared and holds: no lock, no report
            runner.run(spec, preset, dir, plugins, listener(dir, tables), i -> i == cell, cellThreads);
            return 0;
        }
        OutputFolder folder = OutputFolder.prepare(dir);
        SuiteSpec chosen = spec;
        folder.locked(() -> {
            if (executor.equals("slurm")) {
                var cells = runner.prepare(chosen, preset, dir, plugins);
                SlurmArray.run(chosen.name(), cells, dir, CellProcesses.command(suiteArgs(), dir), new SlurmArray.Options(
                        slurmPartition, slurmTime, slurmGpus, maxParallel == null ? 0 : maxParallel, slurmCpus,
                        Long.getLong("deadwood.slurm.pollMillis", 5000)), System.out);
            } else if (maxParallel != null && maxParallel > 1) {
                var cells = runner.prepare(chosen, preset, dir, plugins);
                int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / maxParallel);
                LocalParallel.run(cells, dir, CellProcesses.command(suiteArgs(), dir), maxParallel, threads, System.out);
            } else {
                runSuite(chosen, dir, tables);
            }
            return null;
        });
        ReportWriter.Written written = reports.write(dir, tables);
        System.out.println();
        System.out.print(written.table().markdown());
        System.out.println("\nwrote " + String.join(", ", written.files()) + " in " + dir);
        return 0;
    }

    /** The arguments that name this suite, for a process that runs one of its cells. */
    private List<String> suiteArgs() {
        List<String> args = new ArrayList<>();
        if (suiteFile != null) {
            args.add("--suite-file");
            args.add(suiteFile.toAbsolutePath().toString());
        } else {
            args.add(suite);
        }
        args.addAll(List.of("--preset", preset));
        if (seeds != null) args.addAll(List.of("--seeds", seeds.toString()));
        if (plugins != null) args.addAll(List.of("--plugins", plugins.toAbsolutePath().toString()));
        return args;
    }

    private void checkExecutor() {
        if (!executor.equals("local") && !executor.equals("slurm")) {
            throw new UserError("--executor must be local or slurm, got '" + executor + "'");
        }
        if (maxParallel != null && maxParallel < 1) throw new UserError("--max-parallel must be >= 1, got " + maxParallel);
        if (executor.equals("local")) {
            String given = slurmPartition != null ? "--slurm-partition" : slurmTime != null ? "--slurm-time"
                    : slurmGpus != null ? "--slurm-gpus" : null;
            if (given != null) throw new UserError(given + " is for --executor slurm");
        }
        if (slurmTime != null && !slurmTime.matches("(\\d+-)?\\d{1,2}:\\d{2}:\\d{2}")) {
            throw new UserError("--slurm-time must be HH:MM:SS (or D-HH:MM:SS), got '" + slurmTime + "'");
        }
        if (slurmGpus != null && slurmGpus < 0) throw new UserError("--slurm-gpus must be >= 0, got " + slurmGpus);
        if (slurmCpus < 1) throw new UserError("--slurm-cpus must be >= 1, got " + slurmCpus);
    }

    private void runSuite(SuiteSpec spec, Path dir, SuiteTables tables) {
        runner.run(spec, preset, dir, plugins, listener(dir, tables));
    }

    private SuiteRunner.Listener listener(Path dir, SuiteTables tables) {
        return new SuiteRunner.Listener() {
            @Override
            public ProgressListener cellStarting(int index, int total, Cell cell) {
                return new ConsoleProgress(String.format(Locale.ROOT, "cell %d/%d %s", index + 1, total, cell.id()));
            }

            @Override
            public void cellDone(int index, int total, Cell cell, TrainResult r, boolean skipped) {
                String what = skipped ? "already done" : r.status();
                System.out.printf(Locale.ROOT, "[%d/%d] %s: %s%s%n", index + 1, total, cell.id(), what, CellProcesses.details(r));
                // the folder's page follows the run: index.html, the table and the plots with the cells so far
                if (index + 1 < total && ReproduceCommand.this.cell == null) {
                    try {
                        reports.write(dir, tables);
                    } catch (RuntimeException e) {
                        System.err.println("deadwood: index.html not refreshed after cell " + cell.id() + ": " + e.getMessage());
                    }
                }
            }
        };
    }

    private static SuiteSpec withSeeds(SuiteSpec s, int n) {
        var presets = new java.util.LinkedHashMap<String, SuiteSpec.Preset>();
        s.presets().forEach((k, p) -> presets.put(k, new SuiteSpec.Preset(p.description(), p.data(), p.models(), p.epochs(),
                p.batch(), p.optimizer(), p.lr(), p.momentum(), p.weightDecay(), p.schedule(), p.augment(), p.trainLimit(),
                p.testLimit(), p.valSplit(), p.warmupSteps(), n, p.threads(), p.backends(), p.methods())));
        return new SuiteSpec(s.name(), s.description(), s.table(), presets);
    }
}
