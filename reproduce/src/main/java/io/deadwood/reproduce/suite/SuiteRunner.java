package io.deadwood.reproduce.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.checkpoint.CheckpointException;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.SparsityTarget;
import io.deadwood.api.report.CellResult;
import io.deadwood.api.report.SuiteCell;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.TrainResult;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.reproduce.cli.Plugins;
import io.deadwood.reproduce.cli.TrainRuns;
import io.deadwood.reproduce.cli.UserError;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a suite's cells in order, each into {@code DIR/cells/<id>/result.json} (written atomically),
 * skipping cells whose result is already there: a killed run resumes where it stopped. A cell that
 * diverges or fails is recorded as such and the suite goes on.
 */
public final class SuiteRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SuiteRunner.class);

    /** Hears about cells as they start and end; the command line draws progress from it. */
    public interface Listener {
        ProgressListener cellStarting(int index, int total, Cell cell);

        void cellDone(int index, int total, Cell cell, TrainResult result, boolean skipped);
    }

    private final Backends backends;
    private final TrainRuns runs;

    @Inject
    public SuiteRunner(Backends backends, TrainRuns runs) {
        this.backends = backends;
        this.runs = runs;
    }

    /** Where a cell checkpoints while it trains, so that a killed suite resumes mid-cell. */
    public static Path checkpointFolder(Path dir, String cellId) {
        return dir.resolve("cells").resolve(cellId).resolve("checkpoint");
    }

    /** A finished cell's checkpoints are of no further use. */
    private static void removeCheckpoints(Path folder) {
        if (!Files.isDirectory(folder)) return;
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.warn("could not remove the checkpoints in {}: {}", folder, e.getMessage());
        }
    }

    public static Path resultFile(Path dir, String cellId) {
        return dir.resolve("cells").resolve(cellId).resolve("result.json");
    }

    public void run(SuiteSpec spec, String presetName, Path dir, Path plugins, Listener listener) {
        run(spec, presetName, dir, plugins, listener, i -> true);
    }

    /**
     * The suite's cells, in order, after checking that it can run: its preset exists, it expands, its
     * matched methods can take a target. Claims the folder for this suite and these settings.
     */
    public List<Cell> prepare(SuiteSpec spec, String presetName, Path dir, Path plugins) {
        SuiteSpec.Preset preset = preset(spec, presetName);
        List<Cell> cells;
        try {
            cells = SuiteExpander.expand(preset);
        } catch (IllegalArgumentException e) {
            throw new UserError("suite '" + spec.name() + "': " + e.getMessage(), e);
        }
        checkMatchedMethods(spec, cells, plugins);
        claim(dir, record(spec, presetName, preset, cells));
        return cells;
    }

    private static SuiteSpec.Preset preset(SuiteSpec spec, String presetName) {
        SuiteSpec.Preset preset = spec.presets().get(presetName);
        if (preset == null) {
            throw new UserError("suite '" + spec.name() + "' has no preset '" + presetName + "'; presets: "
                    + String.join(", ", spec.presets().keySet()));
        }
        return preset;
    }

    /**
     * Whether a cell needs running: it has no result, or its result is a failure, or it was skipped
     * because the cell it matches had not completed (a rerun retries both).
     */
    public static boolean needsRun(Path dir, Cell cell) {
        Path file = resultFile(dir, cell.id());
        if (!Files.isRegularFile(file)) return true;
        TrainResult done = read(file);
        return done == null || "failed".equals(done.status())
                || ("skipped".equals(done.status()) && done.error() != null && done.error().startsWith(DEPENDS_ON));
    }

    private static final String DEPENDS_ON = "depends on cell ";

    /** Records a cell that did not finish for a reason outside it (its task was killed, say), so a rerun retries it. */
    public static void recordFailure(Path dir, Cell cell, String error) {
        AtomicFiles.writeJson(resultFile(dir, cell.id()), failed(cell, "failed", error));
    }

    /** Runs the cells whose index {@code include} accepts (the others are left alone, unreported). */
    public void run(SuiteSpec spec, String presetName, Path dir, Path plugins, Listener listener,
                    java.util.function.IntPredicate include) {
        run(spec, presetName, dir, plugins, listener, include, 0);
    }

    /** As above, each cell on {@code threads} threads (0: the suite's setting). */
    public void run(SuiteSpec spec, String presetName, Path dir, Path plugins, Listener listener,
                    java.util.function.IntPredicate include, int threads) {
        SuiteSpec.Preset preset = preset(spec, presetName);
        List<Cell> cells = prepare(spec, presetName, dir, plugins).stream().map(c -> c.withThreads(threads)).toList();
        boolean warm = false;
        for (int i = 0; i < cells.size(); i++) {
            if (!include.test(i)) continue;
            Cell cell = cells.get(i);
            Path file = resultFile(dir, cell.id());
            if (!needsRun(dir, cell)) {
                listener.cellDone(i, cells.size(), cell, read(file), true);
                continue;
            }
            if (!warm) {
                warmUp(cell, preset.warmupSteps(), plugins);
                warm = true;
            }
            double before = referenceStep(cell, plugins);
            TrainResult result = runCell(dir, cell, plugins, listener.cellStarting(i, cells.size(), cell));
            if ("completed".equals(result.status())) {
                double after = referenceStep(cell, plugins);
                result = result.withReferenceStepSeconds((before + after) / 2);
            }
            AtomicFiles.writeJson(file, result);
            removeCheckpoints(checkpointFolder(dir, cell.id()));
            listener.cellDone(i, cells.size(), cell, result, false);
        }
    }

    /**
     * Trains the first cell's model densely for a few steps and throws the result away. Until the JIT
     * has compiled the kernels, a step is several times slower (the first cell of a suite used to run
     * at a third of a later cell's speed), which would bill the warm-up to whichever cell came first.
     */
    private void warmUp(Cell cell, int steps, Path plugins) {
        if (steps == 0) return;
        var c = cell.config();
        var config = c.denseSteps(1, steps);
        long start = System.nanoTime();
        try {
            runs.create(config, ProgressListener.NONE, plugins).run();
            LOG.info("warm-up: {} dense steps of {} in {} s", steps, c.model(), String.format("%.1f", (System.nanoTime() - start) / 1e9));
        } catch (DeadwoodException | UserError | Backends.UnavailableBackendException e) {
            // The cell itself will meet the same problem and record it; the warm-up has nothing to add.
            LOG.debug("warm-up skipped: {}", e.getMessage());
        }
    }

    /** Dense steps timed right before and after each cell; see {@link TrainResult#referenceStepSeconds()}. */
    static final int REFERENCE_STEPS = 25;

    /**
     * The time of one dense training step of the cell's model now. A dense run of two epochs of
     * {@link #REFERENCE_STEPS} steps each is timed by its second epoch only, since a run's first steps
     * also size its buffers. On a machine whose speed drifts by 10-15% for a minute at a time, dividing
     * each cell's time by this, measured beside it, keeps the drift out of the speedup.
     */
    private double referenceStep(Cell cell, Path plugins) {
        try {
            var config = cell.config().denseSteps(2, REFERENCE_STEPS);
            TrainResult r = runs.create(config, ProgressListener.NONE, plugins).run().result();
            double imagesPerSecond = r.epochs().getLast().imagesPerSecond();
            return imagesPerSecond > 0 ? config.batch() / imagesPerSecond : Double.NaN;
        } catch (DeadwoodException | UserError | Backends.UnavailableBackendException e) {
            return Double.NaN;
        }
    }

    private TrainResult runCell(Path dir, Cell cell, Path plugins, ProgressListener progress) {
        var config = cell.config();
        if (cell.matchOf() != null) {
            TrainResult target = read(resultFile(dir, cell.matchOf()));
            if (target == null || !"completed".equals(target.status())) {
                return failed(cell, "skipped", DEPENDS_ON + cell.matchOf() + ", which did not complete");
            }
            // Matched sparsity: prune to what the other method reached with the same model and seed.
            try {
                config = config.withMethodConfig(targeted(cell, SparsityTarget.neurons(Math.min(target.neuronSparsity(), 0.99)), plugins)
                        .orElseThrow(() -> new UserError(cannotTarget(cell))));
            } catch (DeadwoodException | UserError | IllegalArgumentException e) {
                return failed(cell, "failed", e.getMessage());
            }
        }
        if (!"auto".equals(config.backend())) {
            var provider = backends.providers().stream().filter(p -> p.id().equals(cell.config().backend())).findFirst();
            if (provider.isPresent() && !provider.get().availability().available()) {
                return failed(cell, "skipped", "backend " + config.backend() + " unavailable: " + provider.get().availability().reason());
            }
        }
        try {
            Path checkpoints = checkpointFolder(dir, cell.id());
            try {
                return runs.create(config, progress, plugins).checkpointing(checkpoints, 0, false).run().result();
            } catch (CheckpointException e) {
                // A checkpoint from other settings (or one damaged beyond use) must not fail the cell forever.
                LOG.warn("cell {}: {}; starting the cell over", cell.id(), e.getMessage());
                return runs.create(config, progress, plugins).checkpointing(checkpoints, 0, true).run().result();
            }
        } catch (DeadwoodException | UserError | Backends.UnavailableBackendException e) {
            LOG.warn("cell {} failed: {}", cell.id(), e.getMessage());
            return failed(cell, "failed", e.getMessage());
        }
    }

    /**
     * Refuses, before anything is written, a suite that matches a method to a neuron sparsity it
     * cannot aim at (magnitude pruning's target is a weight sparsity). A method that is unknown or
     * misconfigured is left to fail in its own cell, as any other cell would.
     */
    private void checkMatchedMethods(SuiteSpec spec, List<Cell> cells, Path plugins) {
        for (Cell cell : cells) {
            if (cell.matchOf() == null) continue;
            Optional<ObjectNode> probe;
            try {
                probe = targeted(cell, SparsityTarget.neurons(0.5), plugins);
            } catch (DeadwoodException | IllegalArgumentException e) {
                continue;
            }
            if (probe.isEmpty()) throw new UserError("suite '" + spec.name() + "': " + cannotTarget(cell));
        }
    }

    private static String cannotTarget(Cell cell) {
        return "methods[" + cell.label() + "] matches the neuron sparsity of another variant (matchSparsityOf), but method '"
                + cell.config().method() + "' cannot aim at a neuron sparsity with this config; match a method that can, "
                + "or drop matchSparsityOf and set its own settings";
    }

    /**
     * The cell's method config (as given in the suite) with the fields the method changes to reach
     * {@code target}, or empty when it cannot aim at that kind. Only the changed fields are added, so
     * a cell's recorded config stays the suite's own plus its target.
     */
    private Optional<ObjectNode> targeted(Cell cell, SparsityTarget target, Path plugins) {
        PruningMethod<?> method = runs.methods(plugins).get(cell.config().method());
        ObjectNode given = cell.config().methodConfig() == null
                ? AtomicFiles.json().createObjectNode() : ((ObjectNode) cell.config().methodConfig()).deepCopy();
        return targetedFields(method, given, target).map(changed -> {
            changed.fields().forEachRemaining(e -> given.set(e.getKey(), e.getValue()));
            return given;
        });
    }

    private static <C extends Record> Optional<ObjectNode> targetedFields(PruningMethod<C> method, JsonNode given,
                                                                           SparsityTarget target) {
        C base = PruningMethods.readConfig(method, given);
        return method.withSparsityTarget(base, target).map(aimed -> {
            JsonNode before = PruningMethods.toJson(base), after = PruningMethods.toJson(aimed);
            ObjectNode changed = AtomicFiles.json().createObjectNode();
            after.fields().forEachRemaining(e -> {
                if (!e.getValue().equals(before.get(e.getKey()))) changed.set(e.getKey(), e.getValue());
            });
            return changed;
        });
    }

    static TrainResult failed(Cell cell, String status, String error) {
        return new TrainResult(TrainResult.SCHEMA, status, cell.model(), cell.width(), cell.config().data(),
                null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of(), null, null, null, null, List.of(),
                Map.of(), 0, null, error, null, Double.NaN, null, Double.NaN);
    }

    static TrainResult read(Path file) {
        try {
            return AtomicFiles.json().readValue(file.toFile(), TrainResult.class);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable cell result {}: {}", file, e.getMessage());
            return null;
        }
    }

    static SuiteRecord record(SuiteSpec spec, String presetName, SuiteSpec.Preset preset, List<Cell> cells) {
        Function<Cell, SuiteCell> info = c -> new SuiteCell(c.id(), c.label(), c.variant(), c.config().method(), c.model(),
                c.width(), c.seed(), c.config().backend(), c.matchOf());
        JsonNode settings = AtomicFiles.json().valueToTree(preset);
        return new SuiteRecord(spec.name(), spec.description(), spec.table(), presetName, settings,
                cells.stream().map(info).toList());
    }

    /** Writes suite.json, or checks that the folder already holds this very suite and preset. */
    private static void claim(Path dir, SuiteRecord record) {
        Path file = dir.resolve("suite.json");
        if (Files.isRegularFile(file)) {
            SuiteRecord existing;
            try {
                existing = AtomicFiles.json().readValue(file.toFile(), SuiteRecord.class);
            } catch (IOException e) {
                throw new UserError(file + " is unreadable (" + e.getMessage() + "); use another --out");
            }
            if (!existing.suite().equals(record.suite()) || !existing.preset().equals(record.preset())
                    || !existing.settings().equals(record.settings())) {
                throw new UserError(dir + " holds results of suite '" + existing.suite() + "' preset '" + existing.preset()
                        + "' with other settings; use another --out to keep both");
            }
            return;
        }
        AtomicFiles.writeJson(file, record);
    }

    /** Cell results present in a folder, in the suite's order (missing ones are left out). */
    public static List<CellResult> results(Path dir) {
        Path file = dir.resolve("suite.json");
        if (!Files.isRegularFile(file)) throw new UserError(dir + " has no suite.json; run 'deadwood reproduce' into it first");
        SuiteRecord record;
        try {
            record = AtomicFiles.json().readValue(file.toFile(), SuiteRecord.class);
        } catch (IOException e) {
            throw new UserError(file + " is unreadable: " + e.getMessage());
        }
        List<CellResult> out = new ArrayList<>();
        for (SuiteCell c : record.cells()) {
            Path f = resultFile(dir, c.id());
            if (Files.isRegularFile(f)) {
                TrainResult r = read(f);
                if (r != null) out.add(new CellResult(c, r));
            }
        }
        return out;
    }

    public static SuiteRecord suiteRecord(Path dir) {
        try {
            return AtomicFiles.json().readValue(dir.resolve("suite.json").toFile(), SuiteRecord.class);
        } catch (IOException e) {
            throw new UserError(dir.resolve("suite.json") + " is unreadable: " + e.getMessage());
        }
    }
}
