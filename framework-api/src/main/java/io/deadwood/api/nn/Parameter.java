package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A trainable tensor, its gradient, and the axes along which it belongs to units: {@code unitAxis}
 * indexes the producing layer's output units (dense rows, conv output channels, BatchNorm channels),
 * {@code inputUnitAxis} the previous layer's units (dense columns, conv input channels). Either is -1
 * when absent. Structured surgery slices a parameter, its gradient and every optimiser slot along
 * these axes, then swaps the new tensors in with {@link #replace}.
 */
public final class Parameter {
    private final String name;
    private final int unitAxis;
    private final int inputUnitAxis;
    private final boolean decayed;
    private Tensor value;
    private Tensor grad;
    /** The owning model's version, bumped on every {@link #replace}; null until a model takes the parameter. */
    private AtomicLong modelVersion;

    public Parameter(String name, Tensor value, int unitAxis, int inputUnitAxis, boolean decayed) {
        this.name = name;
        this.value = value;
        this.grad = Tensor.zeros(value.shape());
        this.unitAxis = unitAxis;
        this.inputUnitAxis = inputUnitAxis;
        this.decayed = decayed;
    }

    public String name() { return name; }
    public Tensor value() { return value; }
    public Tensor grad() { return grad; }
    public int unitAxis() { return unitAxis; }
    public int inputUnitAxis() { return inputUnitAxis; }

    /** Whether weight decay applies (weights yes; biases and BatchNorm parameters no). */
    public boolean decayed() { return decayed; }

    public int size() { return value.size(); }

    /** Swaps in a resized value (after surgery); the gradient is reset to zeros of the new shape. */
    public void replace(Tensor newValue) {
        this.value = newValue;
        this.grad = Tensor.zeros(newValue.shape());
        if (modelVersion != null) modelVersion.incrementAndGet();
    }

    /**
     * Called by the {@link io.deadwood.api.model.Model} that owns this parameter, so that a swap through
     * {@link #replace} counts as a change of that model whoever makes it.
     */
    public void trackVersion(AtomicLong version) {
        this.modelVersion = version;
    }

    @Override
    public String toString() {
        return name + value;
    }
}
