package io.deadwood.methods.demp;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.prune.Statistic;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.SavableRandom;
import io.deadwood.api.checkpoint.StateCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DemP run: the scheduled regulariser (its value in {@link #extraLoss}, its gradient after
 * backward), noise on the updates of live units after the optimiser step, and the dead check every
 * {@link #stepInterval()} steps and once at the end, which cuts dead units out of the network.
 */
final class DempSession implements PruningSession {
    private static final Logger LOG = LoggerFactory.getLogger(DempSession.class);
    /**
     * Checks per run when the config leaves the interval to us. The paper's VGG-16 runs check 15 times
     * in 15,626 steps, each over the whole training set; 8 keeps the scans' cost near a fifth of a short
     * run while the first check still comes early enough (an eighth in) for the cut to save time, and
     * late enough that BatchNorm's running statistics, which the eval-mode probe uses, have settled.
     */
    static final int AUTO_CHECKS = 8;

    private final DempConfig config;
    private final PruningContext context;
    private final Regularizer regularizer;
    private final boolean fellBack;
    private final List<Parameter> targets;
    private final UpdateNoise noise;
    private final SavableRandom noiseRng;
    /** The counter generator's seed, fixed by the run's seed (so a resumed run needs nothing saved for it). */
    private final long counterSeed;
    private final boolean counterNoise;
    private final DeadUnitCheck check;
    private final int interval;
    private final List<DeadUnitCheck.Outcome> checks = new ArrayList<>();
    private final long unitsAtStart;
    private OneCycle lambda;
    private OneCycle sigma;
    private long stepsDone;
    private long lastCheckStep = -1;

    DempSession(DempConfig config, PruningContext context) {
        this.config = config;
        this.context = context;
        List<UnitGroup> groups = context.pruner().graph().groups();
        Regularizer chosen = Regularizer.of(config.regularizer());
        boolean anyNorm = groups.stream().anyMatch(g -> !g.norms().isEmpty());
        this.fellBack = chosen == Regularizer.BN_L1 && !anyNorm;
        if (fellBack) {
            LOG.warn("demp: model '{}' has no BatchNorm to put the bn-l1 regularizer on; using positive-l2 on its "
                    + "conv and dense weights instead", context.model().name());
            chosen = Regularizer.POSITIVE_L2;
        }
        this.regularizer = chosen;
        this.targets = regularizer.targets(groups);
        this.noise = new UpdateNoise(context.model(), config.noiseLiveOnly());
        this.noiseRng = context.random("demp-noise");
        this.counterSeed = context.random("demp-counter-noise").nextLong();
        this.counterNoise = DempConfig.COUNTER.equals(config.noiseGenerator());
        this.check = new DeadUnitCheck(config.deadEps(), config.minUnitsPerGroup(), config.probeFraction());
        long runSteps = Math.max(1, context.stepsPerCycle());
        // The trainer reads the interval before the run starts, so it is fixed from the context's run shape.
        this.interval = config.checkEvery() > 0 ? config.checkEvery() : (int) Math.max(1, runSteps / AUTO_CHECKS);
        this.unitsAtStart = context.model().unitCount();
        schedules(runSteps);
    }

    private void schedules(long runSteps) {
        lambda = OneCycle.lambda(config, runSteps);
        sigma = OneCycle.sigma(config, runSteps);
    }

    /** The regulariser in use (after any fallback). */
    Regularizer regularizer() { return regularizer; }

    OneCycle lambdaSchedule() { return lambda; }

    OneCycle sigmaSchedule() { return sigma; }

    @Override
    public Set<Statistic> statistics() { return Set.of(Statistic.DEAD_UNITS); }

    @Override
    public int stepInterval() { return interval; }

    @Override
    public void onTrainingStart(TrainingContext run) {
        // The trainer's horizon is the authority; it equals the context's unless a caller trains differently.
        if (run.totalSteps() != context.stepsPerCycle()) schedules(Math.max(1, run.totalSteps()));
    }

    @Override
    public double extraLoss(StepContext step) {
        double l = lambda.at(step.step());
        return l == 0 ? 0 : l * regularizer.penalty(targets, context.backend());
    }

    @Override
    public void afterBackward(StepContext step) {
        // Liveness first: the regulariser's gradient is nonzero on dead units too.
        if (sigma.at(step.step()) > 0) noise.markLive(context.backend());
        regularizer.addGradient(targets, lambda.at(step.step()), context.backend());
    }

    @Override
    public void afterOptimizerStep(StepContext step) {
        double s = sigma.at(step.step());
        if (counterNoise) {
            noise.applyCounter(s, counterSeed, step.step(), context.backend());
        } else {
            noise.apply(s, noiseRng, context.backend());
        }
        stepsDone = step.step() + 1;
    }

    @Override
    public void onInterval(StepContext step) {
        deadCheck(step.step() + 1);
    }

    /**
     * The final check runs at the last epoch's end rather than at training end, so that the run's
     * per-epoch records (taken by a listener after this one) already show what it cut.
     */
    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingContext run) {
        if (metrics.epoch() == run.config().epochs()) finalCheck();
    }

    @Override
    public void onTrainingEnd(TrainingContext run) {
        finalCheck();
    }

    private void finalCheck() {
        if (config.finalCheck() && lastCheckStep != stepsDone) deadCheck(stepsDone);
    }

    private void deadCheck(long step) {
        DeadUnitCheck.Outcome o = check.run(step, context.statistics(), context.backend(), context.pruner());
        checks.add(o);
        lastCheckStep = step;
        if (o.removed() > 0) {
            LOG.info("demp: step {}: removed {} dead units, {} left {}", step, o.removed(), o.unitsLeft(),
                    o.removedByGroup());
        } else {
            LOG.debug("demp: step {}: no dead units, {} left", step, o.unitsLeft());
        }
    }

    @Override
    public boolean supportsCheckpoints() { return true; }

    /** The schedules follow from the step; what is saved is the noise generator, the checks and the last steps. */
    @Override
    public JsonNode saveState() {
        ObjectNode o = StateCodec.object();
        o.set("noiseRng", StateCodec.random(noiseRng));
        o.put("stepsDone", stepsDone);
        o.put("lastCheckStep", lastCheckStep);
        ArrayNode a = o.putArray("checks");
        for (DeadUnitCheck.Outcome c : checks) a.add(StateCodec.JSON.valueToTree(describe(c)));
        return o;
    }

    @Override
    public void restoreState(JsonNode o) {
        StateCodec.random(noiseRng, o.get("noiseRng"));
        stepsDone = o.get("stepsDone").asLong();
        lastCheckStep = o.get("lastCheckStep").asLong();
        checks.clear();
        for (JsonNode c : o.get("checks")) {
            Map<String, Integer> byGroup = new LinkedHashMap<>();
            c.get("removedByGroup").properties().forEach(e -> byGroup.put(e.getKey(), e.getValue().asInt()));
            checks.add(new DeadUnitCheck.Outcome(c.get("step").asLong(), c.get("removed").asInt(),
                    c.get("unitsLeft").asLong(), byGroup));
        }
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("regularizer", regularizer.id());
        s.put("regularizerFallback", fellBack);
        s.put("checkEvery", interval);
        s.put("lambdaSpanSteps", lambda.span());
        s.put("unitsBefore", unitsAtStart);
        s.put("removed", checks.stream().mapToInt(DeadUnitCheck.Outcome::removed).sum());
        s.put("checks", checks.stream().map(DempSession::describe).toList());
        return s;
    }

    private static Map<String, Object> describe(DeadUnitCheck.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", o.step());
        m.put("removed", o.removed());
        m.put("unitsLeft", o.unitsLeft());
        m.put("removedByGroup", o.removedByGroup());
        return m;
    }
}
