package io.deadwood.api.tensor;

/** Keeps chosen indices of one axis of a tensor; the rest of the layout is unchanged. */
public final class Slicing {
    private Slicing() {
    }

    /**
     * A new tensor holding, along {@code axis}, the blocks {@code keep[0], keep[1], ...} of
     * {@code block} consecutive indices each (block 1 keeps single indices).
     */
    public static Tensor keep(Tensor t, int axis, int[] keep, int block) {
        int[] shape = t.shape();
        if (shape[axis] % block != 0) {
            throw new IllegalArgumentException("axis " + axis + " of " + t + " is not a multiple of block " + block);
        }
        int outer = 1, inner = 1;
        for (int a = 0; a < axis; a++) outer *= shape[a];
        for (int a = axis + 1; a < shape.length; a++) inner *= shape[a];
        int units = shape[axis] / block;
        int chunk = block * inner;
        int[] newShape = shape.clone();
        newShape[axis] = keep.length * block;
        Tensor out = Tensor.zeros(newShape);
        float[] src = t.data(), dst = out.data();
        int d = 0;
        for (int o = 0; o < outer; o++) {
            int base = o * shape[axis] * inner;
            for (int k : keep) {
                if (k < 0 || k >= units) throw new IndexOutOfBoundsException("unit " + k + " of " + units);
                System.arraycopy(src, base + k * chunk, dst, d, chunk);
                d += chunk;
            }
        }
        return out;
    }
}
