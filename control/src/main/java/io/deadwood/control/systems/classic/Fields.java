package io.deadwood.control.systems.classic;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/** Small helpers shared by the systems, written over any field so derivatives flow through them. */
final class Fields {
    private Fields() {
    }

    /**
     * Myriad clips some inputs inside its dynamics ({@code jnp.clip}); outside [lo, hi] the value is the
     * constant bound, so its derivative there is zero, as JAX's is.
     */
    static <T extends CalculusFieldElement<T>> T clip(T v, double lo, double hi) {
        if (v.getReal() < lo) return v.getField().getZero().add(lo);
        if (v.getReal() > hi) return v.getField().getZero().add(hi);
        return v;
    }

    /** Gym's angle normalisation ((x + pi) mod 2 pi) - pi into [-pi, pi); derivative 1 between the jumps. */
    static <T extends CalculusFieldElement<T>> T wrapAngle(T x) {
        double twoPi = 2 * Math.PI;
        return x.subtract(x.add(Math.PI).divide(twoPi).floor().multiply(twoPi));
    }

    @SafeVarargs
    static <T extends CalculusFieldElement<T>> T[] vector(T... parts) {
        T[] out = MathArrays.buildArray(parts[0].getField(), parts.length);
        System.arraycopy(parts, 0, out, 0, parts.length);
        return out;
    }
}
