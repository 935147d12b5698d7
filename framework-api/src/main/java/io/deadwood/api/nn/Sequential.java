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
    public int[] outputShape(int[] inputShape) {
        int[] s = inputShape;
        for (Layer l : layers) s = l.outputShape(s);
        return s;
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        Tensor h = x;
        // By index: the for-each iterator is not always optimised away here, and this runs every step.
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            ctx.backend().beginLayer(l.forwardPass);
            try {
                h = l.forward(h, ctx);
            } finally {
                ctx.backend().endLayer();
            }
        }
        return h;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        Tensor g = gy;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            ctx.backend().beginLayer(l.backwardPass);
            try {
                g = l.backward(g, ctx);
            } finally {
                ctx.backend().endLayer();
            }
        }
        return g;
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
