package io.deadwood.api.backend;

/**
 * The counter-based Gaussian of {@link ComputeBackend#addCounterNoise}: entry i of stream s under
 * seed k gets a value that depends on (k, s, i) alone, so any split of the entries between threads
 * or device work items draws the same numbers. Two SplitMix64 finalisers turn (k, s) into a stream
 * key and (key, i) into 64 random bits; their top and bottom 24 bits are two uniforms for one
 * Box–Muller draw. StrictMath keeps the host backends bit-identical on every platform; a device
 * backend's log and cos may differ from it in the last bits.
 */
public final class CounterNoise {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double TWO_PI = 2 * Math.PI;

    private CounterNoise() {
    }

    /** SplitMix64's finaliser (Stafford's variant 13). */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The key of stream {@code stream} under {@code seed}. */
    public static long streamKey(long seed, long stream) {
        return mix64(seed + GOLDEN_GAMMA * (stream + 1));
    }

    /** A standard normal draw for entry {@code index} of the stream with key {@code key}. */
    public static double gaussian(long key, long index) {
        long bits = mix64(key + GOLDEN_GAMMA * (index + 1));
        // u1 in (0, 1] so that its log is finite; u2 in [0, 1).
        double u1 = ((bits >>> 40) + 1) * 0x1.0p-24;
        double u2 = (bits & 0xffffffL) * 0x1.0p-24;
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(TWO_PI * u2);
    }
}
