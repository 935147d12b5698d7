package io.deadwood.testkit;

import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/** A fully connected layer for trainer tests only; the real Dense layer lives elsewhere. */
final class TestLinear extends Layer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private Tensor input;
    private int[] inputShape;
    private Tensor y;
    private Tensor gx;

    TestLinear(String name, int in, int out) {
        super(name);
        this.in = in;
        this.out = out;
        this.weight = new Parameter(name + ".weight", Tensor.zeros(out, in), 0, 1, true);
        this.bias = new Parameter(name + ".bias", Tensor.zeros(out), 0, -1, false);
    }

    Parameter weight() { return weight; }
    Parameter bias() { return bias; }

    @Override
    public int[] outputShape(int[] shape) {
        if (product(shape) != in) throw new IllegalArgumentException(name() + " needs " + in + " inputs");
        return new int[] {out};
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        int n = x.dim(0);
        Tensor flat = x.reshape(n, in);
        y = reuse(y, n, out);
        ctx.backend().denseForward(flat, weight.value(), bias.value(), y);
        if (ctx.training()) {
            input = flat;
            inputShape = x.shape();
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        int n = gy.dim(0);
        gx = reuse(gx, n, in);
        ctx.backend().denseBackward(input, weight.value(), gy, gx, weight.grad(), bias.grad());
        return gx.reshape(inputShape);
    }

    @Override
    public List<Parameter> parameters() { return List.of(weight, bias); }

    @Override
    public void initialize(SplittableRandom rng) {
        float bound = (float) (1 / Math.sqrt(in));
        float[] w = weight.value().data();
        for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextDouble(-bound, bound);
        bias.value().fill(0f);
    }

    @Override
    public long forwardFlops(int[] shape) { return 2L * in * out; }
}
