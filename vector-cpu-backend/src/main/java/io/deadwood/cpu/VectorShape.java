package io.deadwood.cpu;

import jdk.incubator.vector.FloatVector;

/** Holds the only Vector API reference the provider makes, so that loading the provider never needs the module. */
final class VectorShape {
    private VectorShape() {
    }

    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
