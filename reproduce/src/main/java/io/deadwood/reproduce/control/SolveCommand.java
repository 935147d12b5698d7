package io.deadwood.reproduce.control;

import io.deadwood.api.result.AtomicFiles;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.ControlProblems;
import io.deadwood.control.Integrator;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.optim.Solution;
import io.deadwood.control.optim.TrajectoryOptimizer;
import io.deadwood.reproduce.cli.MethodCatalog;
import io.deadwood.reproduce.cli.OutputFolder;
import io.deadwood.reproduce.cli.Plugins;
import io.deadwood.reproduce.cli.UserError;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Solve one control system with one trajectory optimiser; writes result.json and trajectory.png.")
public final class SolveCommand implements Callable<Integer> {

    @Option(names = "--system", required = true, paramLabel = "ID", description = "System id (see 'deadwood control systems').")
    String system;

    @Option(names = "--optimizer", defaultValue = "hermite-simpson",
            description = "single-shooting, multiple-shooting, trapezoidal, hermite-simpson or fbsm. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--intervals", defaultValue = "50", description = "Intervals N of the time grid. Default: ${DEFAULT-VALUE}.")
    int intervals;

    @Option(names = "--integrator", defaultValue = "heun",
            description = "euler, heun, midpoint or rk4, for the shooting methods and the sweep. Default: ${DEFAULT-VALUE} (Myriad's).")
    String integrator;

    @Option(names = "--solver", description = "ipopt, sqp, trust-region or extragradient. Default: ipopt where it is installed, else sqp.")
    String solver;

    @Option(names = "--tolerance", defaultValue = "1e-8", description = "NLP tolerance. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(names = "--max-iterations", defaultValue = "3000", description = "NLP iterations before giving up. Default: ${DEFAULT-VALUE}.")
    int maxIterations;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for result.json and trajectory.png.")
    Path out;

    @Option(names = "--plugins", paramLabel = "DIR", description = Plugins.OPTION_HELP)
    Path plugins;

    private final MethodCatalog catalog;

    @Inject
    public SolveCommand(MethodCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() {
        if (intervals < 1) throw new UserError("--intervals must be at least 1, got " + intervals);
        if (!(tolerance > 0)) throw new UserError("--tolerance must be positive, got " + tolerance);
        if (maxIterations < 1) throw new UserError("--max-iterations must be at least 1, got " + maxIterations);
        ControlProblem p;
        TrajectoryOptimizer method;
        Integrator rule;
        try {
            p = ControlProblems.discover(catalog.loader(plugins)).get(system);
            method = TrajectoryOptimizer.of(optimizer);
            rule = Integrator.of(integrator);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        if (!p.stateBounds().contains(p.initialState(), 0)) {
            throw new UserError("system " + system + " starts outside its own state bounds (start "
                    + java.util.Arrays.toString(p.initialState()) + "): no plan can be feasible; fix the system's start or bounds");
        }
        method.inapplicable(p).ifPresent(why -> {
            throw new UserError(optimizer + " cannot solve " + system + ": " + why);
        });
        var solvers = ControlSolvers.choose(solver);
        OutputFolder folder = OutputFolder.prepare(out);
        return folder.locked(() -> {
            String started = Instant.now().toString();
            Solution s;
            try {
                s = method.solve(p, rule, intervals, solvers, new NlpOptions(tolerance, maxIterations));
            } catch (IllegalArgumentException e) {
                throw new UserError(optimizer + " on " + system + ": " + e.getMessage(), e);
            }
            if (!Double.isFinite(s.cost())) {
                throw new UserError(optimizer + " on " + system + " diverged (cost " + s.cost() + ", status " + s.status()
                        + "); try more intervals, another optimiser or another integrator");
            }
            AtomicFiles.writeJson(folder.resolve("result.json"), SolveResult.of(system, s, started));
            AtomicFiles.write(folder.resolve("trajectory.png"), TrajectoryPlot.png(system + ", " + optimizer, s));
            System.out.printf(Locale.ROOT, "%s with %s (N=%d, %s, %s): cost %.6g, violation %.2g, %s after %d iterations in %.2f s; wrote %s%n",
                    system, optimizer, intervals, s.integrator(), s.nlp().solver(), s.cost(), s.nlp().violation(),
                    s.converged() ? "converged" : "NOT converged (" + s.status() + ")", s.nlp().iterations(), s.nlp().seconds(),
                    folder.resolve("result.json"));
            return 0;
        });
    }
}
