package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Layers applied one after another. */
public class Sequential extends Layer {
    private final List<Layer> layers;

    public Sequential(String name, List<Layer> layers) {
        super(name);
        this.layers = new ArrayList<>(layers);
    }

    public List<Layer> layers() { return List.copyOf(layers); }

    @Override public List<Layer> children() { return List.copyOf(layers); }

    @Override
    public int[] wireUnits(UnitWiring wiring, int[] inputShape) {
        int[] s = inputShape;
        for (Layer l : layers) s = wiring.visit(l, s);
        return s;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] s = inputShape;
        for (Layer l : layers) s = l.outputShape(s);
        return s;
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        Tensor h = x;
        // By index: the for-each iterator is not always optimised away here, and this runs every step.
        for (int i = 0; i < layers.size(); i++) h = pass(layers.get(i), true, h, ctx);
        return h;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        Tensor g = gy;
        for (int i = layers.size() - 1; i >= 0; i--) g = pass(layers.get(i), false, g, ctx);
        return g;
    }

    /** One layer's pass, marked for the backend (a device backend may launch its ops together). */
    private static Tensor pass(Layer l, boolean forward, Tensor t, ExecutionContext ctx) {
        ctx.backend().beginLayer(forward ? l.forwardPass : l.backwardPass);
        try {
            return forward ? l.forward(t, ctx) : l.backward(t, ctx);
        } finally {
            ctx.backend().endLayer();
        }
    }

    @Override
    public void initialize(SplittableRandom rng) {
        for (Layer l : layers) l.initialize(rng);
    }

    @Override
    public long forwardFlops(int[] inputShape) {
        long f = 0;
        int[] s = inputShape;
        for (Layer l : layers) {
            f += l.forwardFlops(s);
            s = l.outputShape(s);
        }
        return f;
    }
}
