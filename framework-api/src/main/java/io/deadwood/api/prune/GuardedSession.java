package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.checkpoint.CheckpointException;
import io.deadwood.api.train.DivergedException;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.RunClock;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import java.util.Map;
import java.util.Set;

/**
 * A method's session as the framework calls it: every hook goes through, and a failure inside one
 * (a plugin's bug, or a plugin built against another version of the API) comes out as a
 * {@link MethodHookException} naming the method, the hook and the run's position on its clock.
 * Checkpoint refusals and divergence keep their own types: callers act on them. Plain try/catch in
 * every hook, not a lambda helper, so that the per-step hooks allocate nothing.
 */
final class GuardedSession implements PruningSession {
    private final String method;
    private final PruningSession inner;
    private final RunClock clock;

    private GuardedSession(String method, PruningSession inner, RunClock clock) {
        this.method = method;
        this.inner = inner;
        this.clock = clock;
    }

    /** Opens the method's session; a config the method refuses stays the method's own error. */
    static PruningSession open(PruningMethod<?> method, JsonNode config, PruningContext context, RunClock clock) {
        PruningSession session;
        try {
            session = PruningMethods.open(method, config, context);
        } catch (DeadwoodException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new MethodHookException(method.id(), "open", clock.describe(), e);
        }
        if (session == null) {
            throw new MethodHookException(method.id(), "open", clock.describe(),
                    new IllegalStateException("open returned no session"));
        }
        return new GuardedSession(method.id(), session, clock);
    }

    /** What to throw for a failure in {@code hook}. */
    private RuntimeException fail(String hook, Throwable e) {
        if (e instanceof DivergedException || e instanceof CheckpointException || e instanceof MethodHookException) {
            return (RuntimeException) e;
        }
        return new MethodHookException(method, hook, clock.describe(), e);
    }

    @Override
    public int cycles() {
        try {
            return inner.cycles();
        } catch (RuntimeException | LinkageError e) {
            throw fail("cycles", e);
        }
    }

    @Override
    public void onCycleStart(int cycle) {
        try {
            inner.onCycleStart(cycle);
        } catch (RuntimeException | LinkageError e) {
            throw fail("onCycleStart", e);
        }
    }

    @Override
    public void onCycleEnd(int cycle) {
        try {
            inner.onCycleEnd(cycle);
        } catch (RuntimeException | LinkageError e) {
            throw fail("onCycleEnd", e);
        }
    }

    @Override
    public Set<Statistic> statistics() {
        try {
            return inner.statistics();
        } catch (RuntimeException | LinkageError e) {
            throw fail("statistics", e);
        }
    }

    @Override
    public Map<String, Object> summary() {
        try {
            return inner.summary();
        } catch (RuntimeException | LinkageError e) {
            throw fail("summary", e);
        }
    }

    @Override
    public boolean supportsCheckpoints() {
        try {
            return inner.supportsCheckpoints();
        } catch (RuntimeException | LinkageError e) {
            throw fail("supportsCheckpoints", e);
        }
    }

    @Override
    public JsonNode saveState() {
        try {
            return inner.saveState();
        } catch (RuntimeException | LinkageError e) {
            throw fail("saveState", e);
        }
    }

    @Override
    public void restoreState(JsonNode state) {
        try {
            inner.restoreState(state);
        } catch (RuntimeException | LinkageError e) {
            throw fail("restoreState", e);
        }
    }

    @Override
    public void onTrainingStart(TrainingContext run) {
        try {
            inner.onTrainingStart(run);
        } catch (RuntimeException | LinkageError e) {
            throw fail("onTrainingStart", e);
        }
    }

    @Override
    public double extraLoss(StepContext step) {
        try {
            return inner.extraLoss(step);
        } catch (RuntimeException | LinkageError e) {
            throw fail("extraLoss", e);
        }
    }

    @Override
    public void afterForward(StepContext step) {
        try {
            inner.afterForward(step);
        } catch (RuntimeException | LinkageError e) {
            throw fail("afterForward", e);
        }
    }

    @Override
    public void afterBackward(StepContext step) {
        try {
            inner.afterBackward(step);
        } catch (RuntimeException | LinkageError e) {
            throw fail("afterBackward", e);
        }
    }

    @Override
    public void afterOptimizerStep(StepContext step) {
        try {
            inner.afterOptimizerStep(step);
        } catch (RuntimeException | LinkageError e) {
            throw fail("afterOptimizerStep", e);
        }
    }

    @Override
    public int stepInterval() {
        try {
            return inner.stepInterval();
        } catch (RuntimeException | LinkageError e) {
            throw fail("stepInterval", e);
        }
    }

    @Override
    public void onInterval(StepContext step) {
        try {
            inner.onInterval(step);
        } catch (RuntimeException | LinkageError e) {
            throw fail("onInterval", e);
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingContext run) {
        try {
            inner.onEpochEnd(metrics, run);
        } catch (RuntimeException | LinkageError e) {
            throw fail("onEpochEnd", e);
        }
    }

    @Override
    public void onTrainingEnd(TrainingContext run) {
        try {
            inner.onTrainingEnd(run);
        } catch (RuntimeException | LinkageError e) {
            throw fail("onTrainingEnd", e);
        }
    }

    @Override
    public String toString() {
        return method + " session";
    }
}
