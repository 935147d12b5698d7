package io.deadwood.control.learn;

import io.deadwood.api.backend.SmoothActivation;
import io.deadwood.api.nn.Activation;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.NeuralOde;
import io.deadwood.api.nn.OdeScheme;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.util.MathArrays;

/**
 * A vector-field network's weights copied into doubles and evaluated over any field: with
 * {@code Binary64} it gives the network's outputs in float64, with Hipparchus' {@code Gradient} their
 * exact Jacobians, which is what the trajectory optimisers read when they plan on a learned model.
 * Copied at the widths the network has now, and with its unit masks, so a pruned network (cut or
 * masked) is evaluated as it is.
 */
public final class FieldNetwork {
    private sealed interface Op permits Affine, Rectifier, Smooth {
    }

    /** y = W x + b, W [out][in], read from the named parameters. */
    private record Affine(double[][] w, double[] b, String weightName, String biasName) implements Op {
    }

    /** max(x, 0), with the units a mask switched off forced to zero. */
    private record Rectifier(boolean[] keep) implements Op {
    }

    private record Smooth(SmoothActivation kind) implements Op {
    }

    private final List<Op> ops;
    private final int inputs, outputs;

    private FieldNetwork(List<Op> ops, int inputs, int outputs) {
        this.ops = List.copyOf(ops);
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** Reads a field made of dense layers and activations, in order (a {@link Sequential} or one layer). */
    public static FieldNetwork of(Layer field) {
        List<Layer> layers = field instanceof Sequential s ? s.layers() : List.of(field);
        List<Op> ops = new ArrayList<>();
        int in = -1, out = -1;
        for (Layer l : layers) {
            switch (l) {
                case Dense d -> {
                    float[] wv = d.weight().value().data();
                    int o = d.outFeatures(), i = d.inFeatures();
                    double[][] w = new double[o][i];
                    for (int r = 0; r < o; r++) for (int c = 0; c < i; c++) w[r][c] = wv[r * i + c];
                    double[] b = new double[o];
                    if (d.bias().isPresent()) {
                        float[] bv = d.bias().get().value().data();
                        for (int r = 0; r < o; r++) b[r] = bv[r];
                    }
                    ops.add(new Affine(w, b, d.weight().name(), d.bias().map(io.deadwood.api.nn.Parameter::name).orElse(null)));
                    if (in < 0) in = i;
                    out = o;
                }
                case ReLU r -> ops.add(new Rectifier(r.unitMask()));
                case Activation a -> ops.add(new Smooth(a.kind()));
                default -> throw new IllegalArgumentException("a vector field may hold dense layers and activations only, not "
                        + l.getClass().getSimpleName() + " " + l.name());
            }
        }
        if (in < 0) throw new IllegalArgumentException("the vector field has no dense layer");
        return new FieldNetwork(ops, in, out);
    }

    /**
     * A copy with one entry of a parameter (by its name, row-major index) moved by {@code delta}, exactly
     * in float64: the reference for finite differences with respect to a weight.
     */
    public FieldNetwork nudged(String parameter, int index, double delta) {
        List<Op> out = new ArrayList<>();
        boolean found = false;
        for (Op op : ops) {
            if (op instanceof Affine a && (parameter.equals(a.weightName()) || parameter.equals(a.biasName()))) {
                double[][] w = new double[a.w().length][];
                for (int r = 0; r < w.length; r++) w[r] = a.w()[r].clone();
                double[] b = a.b().clone();
                if (parameter.equals(a.weightName())) w[index / w[0].length][index % w[0].length] += delta;
                else b[index] += delta;
                out.add(new Affine(w, b, a.weightName(), a.biasName()));
                found = true;
            } else {
                out.add(op);
            }
        }
        if (!found) throw new IllegalArgumentException("no parameter " + parameter + " in the field");
        return new FieldNetwork(out, inputs, outputs);
    }

    public int inputs() { return inputs; }

    public int outputs() { return outputs; }

    public <T extends CalculusFieldElement<T>> T[] apply(T[] x) {
        if (x.length != inputs) throw new IllegalArgumentException("the field takes " + inputs + " inputs, got " + x.length);
        if (x[0] instanceof Gradient) {
            @SuppressWarnings("unchecked")
            T[] out = (T[]) applyGradient((Gradient[]) x);
            return out;
        }
        T zero = x[0].getField().getZero();
        T[] h = x;
        for (Op op : ops) {
            switch (op) {
                case Affine a -> {
                    T[] y = MathArrays.buildArray(zero.getField(), a.b().length);
                    for (int r = 0; r < y.length; r++) {
                        T s = zero.add(a.b()[r]);
                        double[] row = a.w()[r];
                        for (int c = 0; c < row.length; c++) if (row[c] != 0) s = s.add(h[c].multiply(row[c]));
                        y[r] = s;
                    }
                    h = y;
                }
                case Rectifier r -> {
                    T[] y = MathArrays.buildArray(zero.getField(), h.length);
                    for (int i = 0; i < h.length; i++) {
                        boolean on = (r.keep() == null || r.keep()[i]) && h[i].getReal() > 0;
                        y[i] = on ? h[i] : zero;
                    }
                    h = y;
                }
                case Smooth s -> {
                    T[] y = MathArrays.buildArray(zero.getField(), h.length);
                    for (int i = 0; i < h.length; i++) y[i] = smooth(s.kind(), h[i]);
                    h = y;
                }
            }
        }
        return h;
    }

    /**
     * The planners' case, in plain doubles: the values and the network's Jacobian with respect to its
     * inputs, carried forward layer by layer, then chained with the inputs' own gradients. The same
     * numbers as the generic path, without an object per multiply-add.
     */
    private Gradient[] applyGradient(Gradient[] x) {
        int in = x.length;
        double[] h = new double[in];
        double[][] jac = new double[in][in];
        for (int i = 0; i < in; i++) {
            h[i] = x[i].getValue();
            jac[i][i] = 1;
        }
        for (Op op : ops) {
            switch (op) {
                case Affine a -> {
                    int out = a.b().length;
                    double[] y = new double[out];
                    double[][] jy = new double[out][in];
                    for (int r = 0; r < out; r++) {
                        double s = a.b()[r];
                        double[] row = a.w()[r], jr = jy[r];
                        for (int c = 0; c < row.length; c++) {
                            double w = row[c];
                            if (w == 0) continue;
                            s += w * h[c];
                            double[] jc = jac[c];
                            for (int k = 0; k < in; k++) jr[k] += w * jc[k];
                        }
                        y[r] = s;
                    }
                    h = y;
                    jac = jy;
                }
                case Rectifier r -> {
                    for (int i = 0; i < h.length; i++) {
                        if ((r.keep() == null || r.keep()[i]) && h[i] > 0) continue;
                        h[i] = 0;
                        java.util.Arrays.fill(jac[i], 0);
                    }
                }
                case Smooth sm -> {
                    for (int i = 0; i < h.length; i++) {
                        double y = sm.kind().value(h[i]);
                        double slope = sm.kind().slope(y);
                        h[i] = y;
                        for (int k = 0; k < in; k++) jac[i][k] *= slope;
                    }
                }
            }
        }
        int free = x[0].getFreeParameters();
        Gradient[] out = new Gradient[h.length];
        for (int i = 0; i < h.length; i++) {
            double[] g = new double[free];
            for (int j = 0; j < in; j++) {
                double d = jac[i][j];
                if (d == 0) continue;
                double[] gj = x[j].getGradient();
                for (int k = 0; k < free; k++) g[k] += d * gj[k];
            }
            out[i] = new Gradient(h[i], g);
        }
        return out;
    }

    private static <T extends CalculusFieldElement<T>> T smooth(SmoothActivation kind, T x) {
        return switch (kind) {
            case SIGMOID -> x.negate().exp().add(1).reciprocal();
            case TANH -> x.tanh();
            // log(1 + e^x), written so that a large x does not overflow
            case SOFTPLUS -> x.getReal() > 0 ? x.add(x.negate().exp().log1p()) : x.exp().log1p();
        };
    }

    /**
     * What {@link NeuralOde} computes for one sample, in this field's arithmetic: the float64 reference
     * of the layer's rollout (the states after each step, one after another).
     */
    public <T extends CalculusFieldElement<T>> T[] rollout(T[] sample, int states, int controls, int steps, double h,
                                                           OdeScheme scheme) {
        T zero = sample[0].getField().getZero();
        T[] out = MathArrays.buildArray(zero.getField(), steps * states);
        T[] x = java.util.Arrays.copyOf(sample, states);
        int stages = scheme.stages();
        for (int k = 0; k < steps; k++) {
            List<T[]> ks = new ArrayList<>();
            for (int i = 0; i < stages; i++) {
                T[] in = MathArrays.buildArray(zero.getField(), states + controls);
                for (int d = 0; d < states; d++) {
                    T v = x[d];
                    for (int j = 0; j < i; j++) if (scheme.a(i, j) != 0) v = v.add(ks.get(j)[d].multiply(h * scheme.a(i, j)));
                    in[d] = v;
                }
                System.arraycopy(sample, states + k * controls, in, states, controls);
                ks.add(apply(in));
            }
            T[] next = MathArrays.buildArray(zero.getField(), states);
            for (int d = 0; d < states; d++) {
                T v = x[d];
                for (int i = 0; i < stages; i++) v = v.add(ks.get(i)[d].multiply(h * scheme.b(i)));
                next[d] = v;
                out[k * states + d] = v;
            }
            x = next;
        }
        return out;
    }
}
