package io.deadwood.methods.magnitude;

import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.prune.UnitStatistics;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.TrainingListener;
import io.deadwood.api.train.schedule.ScheduleConfig;
import io.deadwood.testkit.ReferenceBackend;
import io.deadwood.testkit.SyntheticImages;
import java.util.ArrayList;
import java.util.List;

/** A tiny model with its pruner and context, trained in cycles the way the framework's runner does. */
final class Runs {
    static final int[] SHAPE = {1, 8, 8};

    final Model model;
    final Pruner pruner;
    final PruningContext context;
    final ReferenceBackend backend = new ReferenceBackend();
    final SyntheticImages train = new SyntheticImages(48, 4, SHAPE, 16, 3);
    final SyntheticImages test = new SyntheticImages(16, 4, SHAPE, 16, 4);

    Runs(String modelName, long seed) {
        model = ModelZoo.create(modelName, 0.125, SHAPE, 4);
        model.initialize(seed);
        pruner = new Pruner(model);
        context = new PruningContext(model, pruner, new UnitStatistics(model, test), backend, 1,
                train.batchesPerEpoch(), seed);
    }

    /** Runs every cycle of the session; {@code extra} listens after the pruner (sees the step as it ends). */
    void train(PruningSession session, TrainingListener extra) {
        TrainerConfig config = TrainerConfig.of(1, 16, OptimizerConfig.sgd(0.05)).withSchedule(ScheduleConfig.constant());
        Trainer trainer = new Trainer(config, ProgressListener.NONE);
        for (int cycle = 0; cycle < session.cycles(); cycle++) {
            session.onCycleStart(cycle);
            List<TrainingListener> listeners = new ArrayList<>(List.of(session, pruner));
            if (extra != null) listeners.add(extra);
            trainer.train(model, train, test, backend, listeners);
            session.onCycleEnd(cycle);
        }
    }
}
