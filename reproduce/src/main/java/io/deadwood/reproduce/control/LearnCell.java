package io.deadwood.reproduce.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.control.ControlProblem;
import io.deadwood.control.learn.LearnConfig;
import io.deadwood.control.learn.LearnRun;
import io.deadwood.control.learn.Planning;
import io.deadwood.reproduce.cli.UserError;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Runs one system's learning study and writes its result.json and trajectory plot: shared by the command and the suite. */
final class LearnCell {
    private LearnCell() {
    }

    /** A variant as the command line and the presets name it: {@code ID} or {@code ID=JSON}, with a label. */
    record Spec(String label, String method, JsonNode config, String matchOf) {
    }

    /** Not a pruning method: the dense model trained end to end through the planner. */
    static final String END_TO_END = "end-to-end";

    static List<LearnRun.Variant> variants(List<Spec> specs, PruningMethods methods) {
        return specs.stream().map(s -> {
            if (s.method() == null) return LearnRun.Variant.dense();
            if (s.method().equals(END_TO_END)) return LearnRun.Variant.throughPlanner();
            try {
                var m = methods.get(s.method());
                PruningMethods.readConfig(m, s.config());
                return new LearnRun.Variant(s.label(), m, s.config(), s.matchOf());
            } catch (RuntimeException e) {
                throw new UserError("method " + s.method() + ": " + e.getMessage(), e);
            }
        }).toList();
    }

    static LearnResult run(ControlProblem p, LearnConfig c, Planning planning, List<LearnRun.Variant> variants, String backendId,
                           ClassLoader loader, Path resultFile, Path plotFile, String plotPruned) {
        BackendProvider provider;
        try {
            provider = Backends.discover(loader).choose(backendId);
        } catch (RuntimeException e) {
            throw new UserError("--backend: " + e.getMessage(), e);
        }
        String started = Instant.now().toString();
        long start = System.nanoTime();
        // One thread: the dynamics networks are a few thousand weights, where worker hand-offs cost more than they save.
        try (ComputeBackend backend = provider.open(1)) {
            LearnRun.Result r = LearnRun.run(p, c, planning, variants, backend, (system, row) -> System.out.printf(Locale.ROOT,
                    "  %s %s: %s%n", system, row.label(), row.failure() != null ? "FAILED: " + row.failure()
                            : String.format(Locale.ROOT, "rollout error %.3g, sparsity %.3f, true cost %.6g, gap %+.2f%%%s",
                            row.rolloutError(), row.neuronSparsity(), row.plan().cost(), 100 * row.costGap(),
                            row.plan().converged() ? "" : " (plan NOT converged: " + row.plan().status() + ")")));
            LearnResult result = LearnResult.of(r, c, planning, provider.id(), started, (System.nanoTime() - start) / 1e9);
            AtomicFiles.write(plotFile, LearnPlot.png(r, p.horizon(), plotPruned));
            AtomicFiles.writeJson(resultFile, result);
            return result;
        }
    }
}
