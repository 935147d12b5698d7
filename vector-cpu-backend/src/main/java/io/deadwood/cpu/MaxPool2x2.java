package io.deadwood.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 2x2, stride-2 max pool, a vector of outputs at a time. Scalar code cannot avoid branching
 * here (the JIT has no conditional move for floats), and on real activations those branches
 * mispredict at every other window: `bench scaling` showed the pool costing about as much as the
 * convolution before it. The four corners of each window are gathered through a map of the
 * windows' top-left offsets in a plane, and the maximum is taken with masked blends in scan order,
 * strictly greater only, so the first maximum wins and a NaN only when first, as in the reference.
 */
final class MaxPool2x2 {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    /** Offset of each output's window in its plane, for the geometry it was built for. */
    private final int[] corners;
    private final int h, w, oh, ow;

    private MaxPool2x2(int h, int w) {
        this.h = h;
        this.w = w;
        this.oh = h / 2;
        this.ow = w / 2;
        corners = new int[oh * ow];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) corners[i * ow + j] = 2 * i * w + 2 * j;
        }
    }

    /** This map if it fits an h x w plane, else a new one. */
    static MaxPool2x2 forPlane(MaxPool2x2 cached, int h, int w) {
        return cached != null && cached.h == h && cached.w == w ? cached : new MaxPool2x2(h, w);
    }

    /** Pools planes [from, to) of x into y, with the flat index into x of each maximum in argmax. */
    void run(float[] x, float[] y, int[] argmax, int from, int to) {
        int outPlane = oh * ow, lanes = Math.min(F.length(), I.length());
        IntVector right = IntVector.broadcast(I, 1), below = IntVector.broadcast(I, w), diagonal = IntVector.broadcast(I, w + 1);
        for (int nc = from; nc < to; nc++) {
            int plane = nc * h * w, o = nc * outPlane, k = 0;
            if (lanes == F.length() && lanes == I.length()) {
                for (; k + lanes <= outPlane; k += lanes) {
                    FloatVector a = FloatVector.fromArray(F, x, plane, corners, k);
                    FloatVector b = FloatVector.fromArray(F, x, plane + 1, corners, k);
                    FloatVector c = FloatVector.fromArray(F, x, plane + w, corners, k);
                    FloatVector d = FloatVector.fromArray(F, x, plane + w + 1, corners, k);
                    VectorMask<Float> gt = b.compare(VectorOperators.GT, a);
                    FloatVector m = a.blend(b, gt);
                    IntVector offset = IntVector.zero(I).blend(right, gt.cast(I));
                    gt = c.compare(VectorOperators.GT, m);
                    m = m.blend(c, gt);
                    offset = offset.blend(below, gt.cast(I));
                    gt = d.compare(VectorOperators.GT, m);
                    m = m.blend(d, gt);
                    offset = offset.blend(diagonal, gt.cast(I));
                    m.intoArray(y, o + k);
                    IntVector.fromArray(I, corners, k).add(offset).add(plane).intoArray(argmax, o + k);
                }
            }
            for (; k < outPlane; k++) {
                int r0 = plane + corners[k], r1 = r0 + w;
                int best = r0;
                float m = x[r0];
                if (x[r0 + 1] > m) {
                    best = r0 + 1;
                    m = x[r0 + 1];
                }
                if (x[r1] > m) {
                    best = r1;
                    m = x[r1];
                }
                if (x[r1 + 1] > m) {
                    best = r1 + 1;
                    m = x[r1 + 1];
                }
                y[o + k] = m;
                argmax[o + k] = best;
            }
        }
    }
}
