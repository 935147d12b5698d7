package io.deadwood.api.backend;

import java.util.Arrays;

/**
 * How a tensor's entries belong to units, for the per-unit ops: the storage runs as
 * [outer][units][span], so entry i belongs to unit {@code (i / span) % units}. A parameter cut on
 * axis a with {@code block} entries per unit there (a dense layer after Flatten reads H*W inputs
 * per channel) has span = block times the product of the dimensions after a; a whole tensor as one
 * unit is {@code new UnitAxis(1, size)}.
 */
public record UnitAxis(int units, int span) {

    public UnitAxis {
        if (units < 1 || span < 0) {
            throw new IllegalArgumentException("a unit axis needs units >= 1 and span >= 0, got " + units + ", " + span);
        }
    }

    /** The layout of a tensor of {@code shape} cut on {@code axis} (-1: the whole tensor is one unit). */
    public static UnitAxis of(int[] shape, int axis, int block) {
        if (axis < 0) {
            int size = 1;
            for (int d : shape) size *= d;
            return new UnitAxis(1, size);
        }
        if (axis >= shape.length || block < 1 || shape[axis] % block != 0) {
            throw new IllegalArgumentException("axis " + axis + " with blocks of " + block + " does not fit shape "
                    + Arrays.toString(shape));
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
        return new UnitAxis(shape[axis] / block, inner * block);
    }

    /** The unit of flat entry i. */
    public int unitOf(int i) {
        return (i / span) % units;
    }

    /** Repeats of [units][span] in a tensor of {@code size} entries; throws when size is not a whole number of them. */
    public int outer(int size) {
        long row = (long) units * span;
        if (row == 0) return 0;
        if (size % row != 0) {
            throw new IllegalArgumentException(size + " entries are not whole repeats of " + units + " units x " + span);
        }
        return (int) (size / row);
    }
}
