package io.deadwood.testkit;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compares a layer's backward pass with central finite differences of the scalar loss
 * L = sum_i w_i * y_i (w fixed and random, so no gradient cancels by symmetry), for the input and
 * for every parameter, in training mode.
 *
 * <p>An element whose central differences at eps and eps/2 disagree has a kink within reach (a ReLU
 * crossing zero, a max-pool tie) where finite differences say nothing; it is skipped and counted, and
 * callers should assert that only a few were. Skipping looks at the numeric values only, so a wrong
 * backward pass cannot hide behind it. In float, eps = 1e-2 suits smooth layers; networks with ReLUs
 * after BatchNorm cross fewer kinks with eps = 1e-3, still well above rounding noise.
 *
 * <p>The input and parameters are perturbed in place and restored bit for bit; every forward pass
 * runs in training mode, so BatchNorm running statistics move.
 */
public final class GradientCheck {

    /**
     * @param eps perturbation size of the central difference that is compared with the analytic value
     * @param maxPerTensor elements checked per tensor (a seeded sample when a tensor is larger)
     * @param kinkTolerance skip an element when its central differences at eps and eps/2 differ by more
     *     than this fraction of the larger, plus the rounding allowance
     * @param noiseFloor float rounding allowance per unit of sum |w_i * y_i|, divided by eps
     */
    public record Options(float eps, int maxPerTensor, double kinkTolerance, double noiseFloor, long seed) {
        public static Options defaults() { return new Options(1e-2f, 200, 5e-3, 1e-7, 42L); }

        public Options withEps(float e) { return new Options(e, maxPerTensor, kinkTolerance, noiseFloor, seed); }

        public Options withSeed(long s) { return new Options(eps, maxPerTensor, kinkTolerance, noiseFloor, s); }
    }

    /**
     * Agreement for one tensor over the checked elements: {@code relativeError} is
     * ||analytic - numeric|| / max(||analytic||, ||numeric||).
     */
    public record Result(String tensor, int checked, int skipped, double relativeError, double maxAbsError,
                         double maxAbsGradient) {
        public boolean passes(double tolerance) { return checked > 0 && relativeError < tolerance; }

        @Override
        public String toString() {
            return String.format("%s: checked=%d skipped=%d relErr=%.3g maxAbsErr=%.3g maxAbsGrad=%.3g",
                    tensor, checked, skipped, relativeError, maxAbsError, maxAbsGradient);
        }
    }

    /** The input's result followed by one per parameter, in {@link Layer#allParameters()} order. */
    public record Report(Result input, List<Result> parameters) {
        public List<Result> all() {
            List<Result> out = new ArrayList<>();
            out.add(input);
            out.addAll(parameters);
            return out;
        }

        public double worstRelativeError() {
            return all().stream().mapToDouble(Result::relativeError).max().orElse(0);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (Result r : all()) sb.append(r).append('\n');
            return sb.toString();
        }
    }

    private GradientCheck() {
    }

    public static Report check(Layer layer, Tensor x, ComputeBackend backend) {
        return check(layer, x, backend, Options.defaults());
    }

    public static Report check(Layer layer, Tensor x, ComputeBackend backend, Options options) {
        ExecutionContext ctx = new ExecutionContext(backend, true);
        SplittableRandom rng = new SplittableRandom(options.seed());
        Tensor y = layer.forward(x, ctx);
        Tensor weights = TestTensors.uniform(rng, y.shape());

        Tensor gx = layer.backward(weights.copy(), ctx).copy();
        List<Parameter> params = layer.allParameters();
        List<Tensor> grads = new ArrayList<>();
        for (Parameter p : params) grads.add(p.grad().copy());

        Result input = compare("input", x, gx, layer, x, weights, ctx, options, rng);
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            results.add(compare(p.name(), p.value(), grads.get(i), layer, x, weights, ctx, options, rng));
        }
        return new Report(input, results);
    }

    private static Result compare(String label, Tensor perturbed, Tensor analytic, Layer layer, Tensor x,
                                  Tensor weights, ExecutionContext ctx, Options o, SplittableRandom rng) {
        int[] idx = sample(perturbed.size(), o.maxPerTensor(), rng);
        double diff2 = 0, a2 = 0, n2 = 0, maxAbs = 0, maxGrad = 0;
        int checked = 0, skipped = 0;
        double noise = o.noiseFloor() * absDot(weights, layer.forward(x, ctx)) / o.eps();
        for (int i : idx) {
            double wide = central(perturbed, i, o.eps(), layer, x, weights, ctx);
            double narrow = central(perturbed, i, o.eps() / 2, layer, x, weights, ctx);
            // On a smooth function the two agree to O(eps^2); a kink inside the wider step breaks that.
            if (Math.abs(wide - narrow) > o.kinkTolerance() * Math.max(Math.abs(wide), Math.abs(narrow)) + noise) {
                skipped++;
                continue;
            }
            double a = analytic.data()[i];
            diff2 += (a - wide) * (a - wide);
            a2 += a * a;
            n2 += wide * wide;
            maxAbs = Math.max(maxAbs, Math.abs(a - wide));
            maxGrad = Math.max(maxGrad, Math.abs(a));
            checked++;
        }
        layer.forward(x, ctx);
        double denom = Math.max(Math.sqrt(Math.max(a2, n2)), 1e-12);
        return new Result(label, checked, skipped, Math.sqrt(diff2) / denom, maxAbs, maxGrad);
    }

    private static double central(Tensor perturbed, int i, float eps, Layer layer, Tensor x, Tensor weights,
                                  ExecutionContext ctx) {
        float[] d = perturbed.data();
        float orig = d[i];
        float up = orig + eps, down = orig - eps;
        d[i] = up;
        double plus = dot(weights, layer.forward(x, ctx));
        d[i] = down;
        double minus = dot(weights, layer.forward(x, ctx));
        d[i] = orig;
        // Divide by the step actually taken: orig +/- eps is rounded to float.
        return (plus - minus) / ((double) up - down);
    }

    private static int[] sample(int size, int max, SplittableRandom rng) {
        if (size <= max) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) all[i] = i;
            return all;
        }
        // Partial Fisher-Yates: a seeded sample without repeats.
        int[] perm = new int[size];
        for (int i = 0; i < size; i++) perm[i] = i;
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(size - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = new int[max];
        System.arraycopy(perm, 0, out, 0, max);
        Arrays.sort(out);
        return out;
    }

    private static double absDot(Tensor w, Tensor y) {
        double s = 0;
        for (int i = 0; i < y.size(); i++) s += Math.abs((double) w.data()[i] * y.data()[i]);
        return s;
    }

    private static double dot(Tensor w, Tensor y) {
        double s = 0;
        for (int i = 0; i < y.size(); i++) s += (double) w.data()[i] * y.data()[i];
        return s;
    }
}
