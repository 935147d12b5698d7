package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A neural ODE rolled out over a few steps: a vector field network f(x, u) (its input the state then
 * the control, its output dx/dt) integrated from a start state under controls held for one step each.
 * A sample is {@code [x0 (states), u_0 .. u_{K-1} (controls each)]}; the output is the states after
 * each step, {@code [x_1 .. x_K]}. With a {@code discrete} map the field gives the change per step,
 * which is Euler's scheme with step 1.
 *
 * <p>The field runs once per stage of every step, so its layers hold only the caches of the last run.
 * A training forward keeps each run's input; backward walks the runs in reverse, replays each one
 * ({@link ExecutionContext#asReplay}) to rebuild its caches, and backpropagates through it, summing
 * the parameter gradients of all runs. The stage combinations are made on the host: they are a few
 * numbers per sample. The field may not hold BatchNorm: its batch statistics would differ per stage.
 */
public final class NeuralOde extends Layer {
    private final Layer field;
    private final int states, controls, steps;
    private final double stepSize;
    private final OdeScheme scheme;

    /** The field's parameters: surgery swaps their tensors, never them, so the list holds. */
    private final List<Parameter> params;

    /** Inputs of every run of the field in the last training forward, [step * stages + stage]. */
    private final List<Tensor> runs = new ArrayList<>();
    private Tensor y, gx, cachedX, scratch, seed;
    private List<Tensor> gradSums = List.of();
    // Work arrays for a batch of `batch` samples, kept between steps so that a step allocates nothing once warm.
    private int batch = -1;
    private float[] state;
    private float[][] stage;
    private double[] lambda;
    private double[][] kBar;

    public NeuralOde(String name, Layer field, int states, int controls, int steps, double stepSize, OdeScheme scheme) {
        super(name);
        if (states < 1 || controls < 0 || steps < 1) {
            throw new IllegalArgumentException(name + ": needs states >= 1, controls >= 0 and steps >= 1, got "
                    + states + ", " + controls + ", " + steps);
        }
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) throw new IllegalArgumentException(name + ": step size must be positive");
        for (Layer l : field.flatten()) {
            if (l instanceof BatchNorm) {
                throw new IllegalArgumentException(name + ": the vector field holds BatchNorm " + l.name()
                        + "; its batch statistics would differ between the stages of one step");
            }
        }
        int[] out = field.outputShape(new int[] {states + controls});
        if (out.length != 1 || out[0] != states) {
            throw new IllegalArgumentException(name + ": the vector field maps " + (states + controls)
                    + " inputs to " + java.util.Arrays.toString(out) + ", not to " + states + " derivatives");
        }
        this.field = field;
        this.params = field.allParameters();
        this.states = states;
        this.controls = controls;
        this.steps = steps;
        this.stepSize = stepSize;
        this.scheme = scheme;
    }

    public Layer field() { return field; }
    public int states() { return states; }
    public int controls() { return controls; }
    public int steps() { return steps; }
    public double stepSize() { return stepSize; }
    public OdeScheme scheme() { return scheme; }

    /** Per-sample input size: the start state and one control per step. */
    public int inputSize() { return states + steps * controls; }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (product(inputShape) != inputSize()) {
            throw new IllegalArgumentException(name() + ": expects " + inputSize() + " inputs (" + states + " states and "
                    + steps + " x " + controls + " controls), got shape " + java.util.Arrays.toString(inputShape));
        }
        return new int[] {steps * states};
    }

    @Override
    public int[] wireUnits(UnitWiring wiring, int[] inputShape) {
        // The field reads the state and a control, never a unit, and ends in derivatives that are never cut.
        wiring.visit(field, new int[] {states + controls});
        return outputShape(inputShape);
    }

    @Override public List<Layer> children() { return List.of(field); }

    @Override
    public void initialize(SplittableRandom rng) { field.initialize(rng); }

    @Override
    public long forwardFlops(int[] inputShape) {
        return (long) steps * scheme.stages() * field.forwardFlops(new int[] {states + controls});
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        outputShape(sampleShape(x));
        int n = x.dim(0), width = states + controls, stages = scheme.stages(), inSize = inputSize();
        sized(n);
        float[] in = x.data();
        y = reuse(y, n, steps * states);
        boolean keep = ctx.training();
        for (int s = 0; s < n; s++) System.arraycopy(in, s * inSize, state, s * states, states);
        float[] out = y.data();
        for (int k = 0; k < steps; k++) {
            for (int i = 0; i < stages; i++) {
                Tensor run = keep ? runs.get(k * stages + i) : scratch;
                float[] z = run.data();
                for (int s = 0; s < n; s++) {
                    for (int d = 0; d < states; d++) {
                        double v = state[s * states + d];
                        for (int j = 0; j < i; j++) {
                            double a = scheme.a(i, j);
                            if (a != 0) v += stepSize * a * stage[j][s * states + d];
                        }
                        z[s * width + d] = (float) v;
                    }
                    System.arraycopy(in, s * inSize + states + k * controls, z, s * width + states, controls);
                }
                System.arraycopy(field.forward(run, ctx).data(), 0, stage[i], 0, n * states);
            }
            for (int s = 0; s < n; s++) {
                for (int d = 0; d < states; d++) {
                    double v = state[s * states + d];
                    for (int i = 0; i < stages; i++) v += stepSize * scheme.b(i) * stage[i][s * states + d];
                    state[s * states + d] = (float) v;
                    out[s * steps * states + k * states + d] = (float) v;
                }
            }
        }
        cachedX = keep ? x : null;
        return y;
    }

    /** The work arrays and run inputs for a batch of n. */
    private void sized(int n) {
        if (n == batch) return;
        int width = states + controls, stages = scheme.stages();
        runs.clear();
        for (int r = 0; r < steps * stages; r++) runs.add(Tensor.zeros(n, width));
        scratch = Tensor.zeros(n, width);
        seed = Tensor.zeros(n, states);
        state = new float[n * states];
        stage = new float[stages][n * states];
        lambda = new double[n * states];
        kBar = new double[stages][n * states];
        batch = n;
        cachedX = null;
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedX == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        int n = batch, width = states + controls, inSize = inputSize(), stages = scheme.stages();
        gx = reuseLike(gx, cachedX);
        float[] g = gx.data(), gOut = gy.data();
        java.util.Arrays.fill(g, 0f);
        if (gradSums.size() != params.size() || !sameShapes()) {
            List<Tensor> sums = new ArrayList<>();
            for (Parameter p : params) sums.add(Tensor.zeros(p.grad().shape()));
            gradSums = sums;
        }
        for (Tensor t : gradSums) t.fill(0f);
        ExecutionContext replay = ctx.asReplay();
        java.util.Arrays.fill(lambda, 0);
        for (int k = steps - 1; k >= 0; k--) {
            for (int s = 0; s < n; s++) {
                for (int d = 0; d < states; d++) lambda[s * states + d] += gOut[s * steps * states + k * states + d];
            }
            for (int i = 0; i < stages; i++) {
                for (int e = 0; e < n * states; e++) kBar[i][e] = stepSize * scheme.b(i) * lambda[e];
            }
            for (int i = stages - 1; i >= 0; i--) {
                float[] sd = seed.data();
                for (int e = 0; e < n * states; e++) sd[e] = (float) kBar[i][e];
                field.forward(runs.get(k * stages + i), replay);
                float[] gz = field.backward(seed, replay).data();
                for (int p = 0; p < params.size(); p++) ctx.backend().accumulate(gradSums.get(p), params.get(p).grad());
                for (int s = 0; s < n; s++) {
                    for (int d = 0; d < states; d++) {
                        double zBar = gz[s * width + d];
                        lambda[s * states + d] += zBar;
                        for (int j = 0; j < i; j++) kBar[j][s * states + d] += stepSize * scheme.a(i, j) * zBar;
                    }
                    for (int c = 0; c < controls; c++) g[s * inSize + states + k * controls + c] += gz[s * width + states + c];
                }
            }
        }
        for (int s = 0; s < n; s++) {
            for (int d = 0; d < states; d++) g[s * inSize + d] = (float) lambda[s * states + d];
        }
        for (int p = 0; p < params.size(); p++) params.get(p).grad().copyFrom(gradSums.get(p));
        return gx;
    }

    private boolean sameShapes() {
        for (int p = 0; p < params.size(); p++) if (!gradSums.get(p).sameShape(params.get(p).grad())) return false;
        return true;
    }

    private static int[] sampleShape(Tensor x) {
        int[] s = x.shape();
        return java.util.Arrays.copyOfRange(s, 1, s.length);
    }
}
