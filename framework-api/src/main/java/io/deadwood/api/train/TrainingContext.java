package io.deadwood.api.train;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.BatchSource;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.train.schedule.LrSchedule;
import java.util.List;

/**
 * What stays fixed for one training run, handed to every listener hook. The model itself may
 * change during the run (surgery narrows layers), so {@link #layers()} is read afresh on each call.
 */
public final class TrainingContext {
    private final Model model;
    private final ComputeBackend backend;
    private final Optimizer optimizer;
    private final TrainerConfig config;
    private final LrSchedule schedule;
    private final BatchSource trainData;
    private final BatchSource testData;
    private final long totalSteps;
    private final RunClock clock;

    public TrainingContext(Model model, ComputeBackend backend, Optimizer optimizer, TrainerConfig config,
                           LrSchedule schedule, BatchSource trainData, BatchSource testData, long totalSteps) {
        this(model, backend, optimizer, config, schedule, trainData, testData, totalSteps, new RunClock());
    }

    public TrainingContext(Model model, ComputeBackend backend, Optimizer optimizer, TrainerConfig config,
                           LrSchedule schedule, BatchSource trainData, BatchSource testData, long totalSteps,
                           RunClock clock) {
        this.clock = clock;
        this.model = model;
        this.backend = backend;
        this.optimizer = optimizer;
        this.config = config;
        this.schedule = schedule;
        this.trainData = trainData;
        this.testData = testData;
        this.totalSteps = totalSteps;
    }

    public Model model() { return model; }
    public ComputeBackend backend() { return backend; }
    public Optimizer optimizer() { return optimizer; }
    public TrainerConfig config() { return config; }
    public LrSchedule schedule() { return schedule; }

    /** The training split's batches, e.g. for a probe slice; its batches are reused, so copy what you keep. */
    public BatchSource trainData() { return trainData; }

    public BatchSource testData() { return testData; }

    /** Epochs times batches per epoch: the horizon the schedules run over. */
    public long totalSteps() { return totalSteps; }

    /** Where the run stands (cycle, epoch, step), moved by the trainer; read it, never move it. */
    public RunClock clock() { return clock; }

    public int batchesPerEpoch() { return trainData.batchesPerEpoch(); }

    /** The model's layers as they are now, depth first. */
    public List<Layer> layers() { return model.layers(); }
}
