package io.deadwood.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.model.Model;
import io.deadwood.api.prune.PruneEvent;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives a pruning session's hooks by hand over a run of {@code totalSteps}, without training, so
 * weights stay as a test set them.
 */
public final class SessionHarness {
    public final Model model;
    public final Pruner pruner;
    public final PruningSession session;
    public final Map<String, Integer> sizesBefore = new LinkedHashMap<>();
    private final TrainingContext run;

    public SessionHarness(Model model, PruningMethod<?> method, JsonNode config, long seed, int totalSteps) {
        this.model = model;
        this.pruner = new Pruner(model);
        for (UnitGroup g : pruner.graph().groups()) sizesBefore.put(g.name(), g.size());
        // The methods' per-step maths are backend ops, so the steps need a backend, if not a trainer.
        ReferenceBackend backend = new ReferenceBackend();
        this.session = PruningMethods.open(method, config, new PruningContext(model, pruner, null, backend, 1, totalSteps, seed));
        this.run = new TrainingContext(model, backend, null, null, null, null, null, totalSteps);
        session.onTrainingStart(run);
    }

    public StepContext step(long k) {
        return new StepContext(run, k, 1, (int) k, null, 0.1, 0, 0, null);
    }

    /** Steps 0 .. n-1 through the per-step hooks. */
    public SessionHarness steps(int n) {
        for (int k = 0; k < n; k++) {
            StepContext s = step(k);
            session.extraLoss(s);
            session.afterBackward(s);
            session.afterOptimizerStep(s);
        }
        return this;
    }

    /** Units cut from a group, as indices into the group when the run started (for a single event). */
    public int[] cut(String group) {
        return pruner.history().stream().filter(e -> e.group().equals(group)).map(PruneEvent::units)
                .reduce((a, b) -> { throw new IllegalStateException("more than one event for " + group); })
                .orElse(new int[0]);
    }

    public long unitsBefore() { return sizesBefore.values().stream().mapToLong(Integer::longValue).sum(); }

    public long unitsNow() { return pruner.graph().totalUnits(); }

    public static int[] sorted(int... v) {
        int[] c = v.clone();
        Arrays.sort(c);
        return c;
    }
}
