package io.deadwood.api.prune.saliency;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.Batch;
import io.deadwood.api.data.BatchSource;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Forward and backward passes on the first batches of a fixed slice of the training set, without an
 * optimiser step, so that a criterion can read parameter gradients of the model as it stands.
 *
 * <p>The passes run in training mode, since backward needs the activations that mode keeps; the
 * running statistics that mode updates are put back afterwards, so scoring leaves the model as it
 * found it apart from the gradients (which the next training step overwrites). The loss is plain
 * cross-entropy, as in the criteria's papers. Listeners that watch training activations (the dead
 * neuron rate) do see these passes.
 */
public final class ProbePasses {
    private final Model model;
    private final ComputeBackend backend;
    private final BatchSource data;
    private final int maxBatches;
    private Tensor gradLogits;

    public ProbePasses(Model model, ComputeBackend backend, BatchSource data, int maxBatches) {
        if (maxBatches < 1) throw new IllegalArgumentException("maxBatches must be at least 1, got " + maxBatches);
        this.model = model;
        this.backend = backend;
        this.data = data;
        this.maxBatches = maxBatches;
    }

    public Model model() { return model; }

    /**
     * One forward and backward pass per batch (the same batches on every call); {@code afterBackward}
     * runs while that batch's gradients are in place. Returns the mean loss over the batches.
     */
    public double run(Runnable afterBackward) {
        List<float[]> saved = saveBuffers();
        ExecutionContext train = new ExecutionContext(backend, true);
        double lossSum = 0;
        int batches = 0;
        try {
            for (Iterator<Batch> it = data.epoch(0); it.hasNext() && batches < maxBatches; batches++) {
                Batch b = it.next();
                Tensor logits = model.forward(b.images(), train);
                if (gradLogits == null || !gradLogits.sameShape(logits)) gradLogits = Tensor.zeros(logits.shape());
                lossSum += io.deadwood.api.train.Evaluator.loss(backend, logits, b, 0f, gradLogits);
                model.backward(gradLogits, train);
                afterBackward.run();
            }
        } finally {
            restoreBuffers(saved);
        }
        if (batches == 0) throw new IllegalStateException("the scoring data yielded no batch");
        return lossSum / batches;
    }

    private List<float[]> saveBuffers() {
        List<float[]> out = new ArrayList<>();
        for (Layer l : model.layers()) {
            for (Tensor t : l.buffers()) out.add(t.data().clone());
        }
        return out;
    }

    private void restoreBuffers(List<float[]> saved) {
        int k = 0;
        for (Layer l : model.layers()) {
            for (Tensor t : l.buffers()) {
                float[] v = saved.get(k++);
                System.arraycopy(v, 0, t.data(), 0, v.length);
            }
        }
    }
}
