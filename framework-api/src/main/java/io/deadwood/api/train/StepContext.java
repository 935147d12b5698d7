package io.deadwood.api.train;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.Batch;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.tensor.Tensor;
import java.util.List;

/**
 * One training step as the listeners see it.
 *
 * @param run        the run this step belongs to
 * @param step       0-based index of this step over the whole run (the schedules' step)
 * @param epoch      1-based epoch
 * @param batchIndex 0-based index of the batch within the epoch
 * @param batch      the batch; its tensors are reused by the loader after the step
 * @param lr         the learning rate this step's update uses
 * @param dataLoss   mean (label-smoothed) cross-entropy of the batch
 * @param extraLoss  the sum of the listeners' {@link TrainingListener#extraLoss} terms (0 while they are asked)
 * @param logits     the model's output for the batch, [batch, classes]; valid during this step only
 */
public record StepContext(TrainingContext run, long step, int epoch, int batchIndex, Batch batch, double lr,
                          double dataLoss, double extraLoss, Tensor logits) {

    /** The loss the trainer reports and checks for divergence: data loss plus the listeners' terms. */
    public double loss() { return dataLoss + extraLoss; }

    public Model model() { return run.model(); }
    public ComputeBackend backend() { return run.backend(); }
    public Optimizer optimizer() { return run.optimizer(); }
    public List<Layer> layers() { return run.layers(); }

    StepContext withExtraLoss(double extra) {
        return new StepContext(run, step, epoch, batchIndex, batch, lr, dataLoss, extra, logits);
    }
}
