package io.deadwood.reproduce.control;

import io.deadwood.api.nn.OdeScheme;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.ControlProblems;
import io.deadwood.control.Integrator;
import io.deadwood.control.learn.LearnConfig;
import io.deadwood.control.learn.Planning;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolver;
import io.deadwood.control.optim.TrajectoryOptimizer;
import io.deadwood.reproduce.cli.MethodCatalog;
import io.deadwood.reproduce.cli.OutputFolder;
import io.deadwood.reproduce.cli.Plugins;
import io.deadwood.reproduce.cli.UserError;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "learn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learn a control system's dynamics as a neural ODE, plan on it, and score the plan on the true system.",
                "Trains a dense model and one per --method (each pruning while it trains); writes result.json and trajectories.png."})
public final class LearnCommand implements Callable<Integer> {

    @Option(names = "--system", required = true, paramLabel = "ID", description = "System id (see 'deadwood control systems').")
    String system;

    @Option(names = "--method", paramLabel = "ID[=JSON]",
            description = "A pruning method to train with, beside the dense model, with its settings as JSON; repeatable."
                    + " 'end-to-end' trains the dense model through the planner instead (Myriad's end-to-end learning).")
    List<String> methods = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for result.json and trajectories.png.")
    Path out;

    @Option(names = "--epochs", defaultValue = "30", description = "Training epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--trajectories", defaultValue = "100", description = "Trajectories sampled from the true system. Default: ${DEFAULT-VALUE}.")
    int trajectories;

    @Option(names = "--hidden", defaultValue = "50", description = "Units per hidden layer (two layers). Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--activation", defaultValue = "relu", description = "relu, sigmoid, tanh or softplus. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--window", defaultValue = "4", description = "Steps of each training rollout. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--intervals", defaultValue = "20", description = "Intervals N of the data and planning grid. Default: ${DEFAULT-VALUE}.")
    int intervals;

    @Option(names = "--optimizer", defaultValue = "hermite-simpson",
            description = "Trajectory optimiser to plan with (single-shooting, multiple-shooting, trapezoidal, hermite-simpson). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--solver", defaultValue = "sqp",
            description = "ipopt, sqp, trust-region or extragradient. Default: ${DEFAULT-VALUE}: it stops when its steps vanish, which"
                    + " planning on a ReLU network needs (its gradient jumps at kinks, so IPOPT's stationarity test is rarely met).")
    String solver;

    @Option(names = "--seed", defaultValue = "1", description = "Fixes the data, the initialisation and the batch order. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--backend", defaultValue = "auto", description = "Compute backend. Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--plugins", paramLabel = "DIR", description = Plugins.OPTION_HELP)
    Path plugins;

    private final MethodCatalog catalog;

    @Inject
    public LearnCommand(MethodCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() {
        LearnConfig c;
        ControlProblem p;
        try {
            c = new LearnConfig(trajectories, intervals, window, hidden, 2, activation, OdeScheme.RK4, epochs, 16, 1e-3, 0.1, 0.2, seed);
            p = ControlProblems.discover(catalog.loader(plugins)).get(system);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        Planning planning = planning(optimizer, intervals, solver);
        List<LearnCell.Spec> specs = new ArrayList<>();
        specs.add(new LearnCell.Spec("dense", null, null, null));
        for (String m : methods) specs.add(spec(m));
        var variants = LearnCell.variants(specs, catalog.methods(plugins));
        OutputFolder folder = OutputFolder.prepare(out);
        return folder.locked(() -> {
            LearnResult r;
            try {
                r = LearnCell.run(p, c, planning, variants, backend, catalog.loader(plugins), folder.resolve("result.json"),
                        folder.resolve("trajectories.png"), specs.getLast().label());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new UserError(system + ": " + e.getMessage() + "; try other --intervals, --trajectories or --optimizer", e);
            }
            System.out.printf(Locale.ROOT, "%s: planning on the true model costs %.6g; wrote %s and trajectories.png in %.1f s%n",
                    system, r.referenceCost(), folder.resolve("result.json"), r.seconds());
            return 0;
        });
    }

    static Planning planning(String optimizer, int intervals, String solver) {
        try {
            TrajectoryOptimizer.of(optimizer);
        } catch (IllegalArgumentException e) {
            throw new UserError("--optimizer: " + e.getMessage(), e);
        }
        if (optimizer.equals("fbsm")) throw new UserError("--optimizer: plan with a direct method; the sweep needs the adjoint of the true system");
        NlpSolver primary = ControlSolvers.choose(solver), installed = ControlSolvers.choose(null);
        // Where the chosen solver fails, the default one (IPOPT where installed) has a shorter go too. Iteration
        // limits only, no time limits: a plan must not depend on how busy the machine was.
        return new Planning(optimizer, Integrator.HEUN, intervals, primary, new NlpOptions(1e-6, 3000),
                installed.id().equals(primary.id()) ? null : installed, new NlpOptions(1e-6, 500));
    }

    /** {@code ID} or {@code ID=JSON}; the label is the id, with the settings when there are some. */
    static LearnCell.Spec spec(String text) {
        int eq = text.indexOf('=');
        String id = eq < 0 ? text.strip() : text.substring(0, eq).strip();
        if (id.isEmpty()) throw new UserError("--method: '" + text + "' names no method; write ID or ID={...}");
        if (eq < 0) return new LearnCell.Spec(id, id, null, null);
        String json = text.substring(eq + 1).strip();
        try {
            var node = io.deadwood.api.result.AtomicFiles.json().readTree(json);
            if (node == null || !node.isObject()) throw new UserError("--method " + id + ": settings must be a JSON object, got '" + json + "'");
            return new LearnCell.Spec(id + node, id, node, null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError("--method " + id + ": settings are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
