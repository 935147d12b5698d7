package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.model.ChangeCheck;
import io.deadwood.api.model.Model;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.optim.Optimizers;
import io.deadwood.api.train.Evaluation;
import io.deadwood.api.train.Evaluator;
import io.deadwood.api.train.RunClock;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainingListener;
import io.deadwood.api.train.TrainingReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The cycle loop: each cycle trains for the configured epochs with a fresh optimiser and a restarted
 * schedule, between the session's cycle hooks; a resumed run picks up inside the checkpointed cycle.
 */
final class TrainingCycles {
    /** The last cycle's test figures, describing the network as the hooks left it. */
    record Outcome(double testAccuracy, double testLoss) {
    }

    private final PrunedTraining.Setup setup;
    private final RunClock clock;
    private final PruningSession session;
    private final List<TrainingListener> listeners;
    private final RunCheckpoint checkpoint;

    /** {@code listeners} follow the session in every hook, in this order. */
    TrainingCycles(PrunedTraining.Setup setup, RunClock clock, PruningSession session, List<TrainingListener> listeners,
                   RunCheckpoint checkpoint) {
        this.setup = setup;
        this.clock = clock;
        this.session = session;
        this.listeners = listeners;
        this.checkpoint = checkpoint;
    }

    Outcome run(int cycles) {
        Model model = setup.model();
        Trainer trainer = new Trainer(setup.config(), setup.progress());
        JsonNode saved = checkpoint.restoreLatest();
        List<TrainingListener> hooks = new ArrayList<>();
        if (session != null) hooks.add(session);
        hooks.addAll(listeners);
        TrainingReport last = null;
        boolean changedAtEnd = false;
        for (int cycle = saved == null ? 0 : clock.cycle(); cycle < cycles; cycle++) {
            boolean resumed = saved != null;
            Trainer.Position position = null;
            Optimizer optimizer = Optimizers.create(setup.config().optimizer());
            if (resumed) {
                position = RunCheckpoint.position(saved);
                RunCheckpoint.restoreOptimizer(optimizer, model, saved);
                saved = null;
            } else {
                clock.startCycle(cycle);
                if (session != null) session.onCycleStart(cycle);
            }
            last = trainer.train(model, setup.train(), setup.test(), setup.backend(), optimizer, hooks, position,
                    checkpoint.boundary(optimizer), clock);
            if (session != null) {
                ChangeCheck trained = ChangeCheck.of(model);
                session.onCycleEnd(cycle);
                changedAtEnd = trained.changed();
            }
        }
        if (!changedAtEnd) return new Outcome(last.finalTestAccuracy(), last.finalTestLoss());
        // The last cycle's end hook cut, masked or rewound: the test figures must describe the final network.
        Evaluation e = Evaluator.evaluate(model, setup.test(), setup.backend());
        return new Outcome(e.accuracy(), e.loss());
    }
}
