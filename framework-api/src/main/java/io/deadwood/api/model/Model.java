package io.deadwood.api.model;

import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** A named network with the per-sample input shape it was built for and its class count. */
public final class Model {
    private final String name;
    private final Layer network;
    private final int[] inputShape;
    private final int numClasses;
    /**
     * Collected once: layers are fixed when the model is built, and surgery swaps a parameter's
     * tensors, not the parameter, so the list stays right; the optimiser reads it every step.
     */
    private final List<Parameter> parameters;
    /** The parameter tensors {@link #flops} was computed for; surgery swaps them when widths change. */
    private final Tensor[] flopsFor;
    private long flops = -1;
    /** See {@link #version()}; shared with the parameters so that {@link Parameter#replace} bumps it. */
    private final AtomicLong version = new AtomicLong();

    public Model(String name, Layer network, int[] inputShape, int numClasses) {
        this.name = name;
        this.network = network;
        this.inputShape = inputShape.clone();
        this.numClasses = numClasses;
        this.parameters = List.copyOf(network.allParameters());
        this.flopsFor = new Tensor[parameters.size()];
        for (Parameter p : parameters) p.trackVersion(version);
        outputShapeCheck();
    }

    /** Checks that the layers fit together and end in one score per class (after loading or surgery). */
    public void outputShapeCheck() {
        int[] out = network.outputShape(inputShape);
        if (out.length != 1 || out[0] != numClasses) {
            throw new IllegalArgumentException("model " + name + " ends in shape " + Arrays.toString(out)
                    + " but must produce " + numClasses + " class scores");
        }
    }

    public String name() { return name; }
    public Layer network() { return network; }
    public int[] inputShape() { return inputShape.clone(); }
    public int numClasses() { return numClasses; }

    public Tensor forward(Tensor x, ExecutionContext ctx) { return network.forward(x, ctx); }

    public Tensor backward(Tensor gradLogits, ExecutionContext ctx) { return network.backward(gradLogits, ctx); }

    public List<Parameter> parameters() { return parameters; }

    public List<Layer> layers() { return network.flatten(); }

    public void initialize(long seed) {
        network.initialize(new SplittableRandom(seed));
        touch();
    }

    /**
     * A number that changes whenever the model may have changed: a parameter swapped by surgery or a
     * restore ({@link Parameter#replace}), a training step, an initialisation, unit or weight masks set
     * through the {@link io.deadwood.api.prune.Pruner}, or an explicit {@link #touch}. Equal versions
     * mean the model is as it was, so an evaluation of it still holds.
     */
    public long version() { return version.get(); }

    /**
     * Records a change made in place, which the model cannot see: code that writes parameter values or
     * layer state directly (a rewind, a reinitialisation, noise outside a training step) calls this.
     */
    public void touch() { version.incrementAndGet(); }

    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.size();
        return n;
    }

    /** Prunable units (dense neurons and conv channels; the classifier's outputs excluded). */
    public long unitCount() {
        long n = 0;
        for (Layer l : layers()) n += l.prunableUnits();
        return n;
    }

    /**
     * Forward FLOPs per sample at the current widths. Kept while the parameter tensors stay the same,
     * since training-FLOP accounting asks every step and walking the layers builds their shapes.
     */
    public long forwardFlops() {
        boolean current = flops >= 0;
        for (int i = 0; i < flopsFor.length && current; i++) current = flopsFor[i] == parameters.get(i).value();
        if (!current) {
            for (int i = 0; i < flopsFor.length; i++) flopsFor[i] = parameters.get(i).value();
            flops = network.forwardFlops(inputShape);
        }
        return flops;
    }
}
