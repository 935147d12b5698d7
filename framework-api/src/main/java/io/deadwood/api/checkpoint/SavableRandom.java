package io.deadwood.api.checkpoint;

import java.util.random.RandomGenerator;

/**
 * SplitMix64 with a state that can be saved: it draws exactly the sequence {@link java.util.SplittableRandom}
 * draws from the same seed (nextLong, nextInt, nextDouble, nextGaussian, bounded draws), so switching a
 * generator to it changes no result, but {@link #state()} and {@link #restore} let a checkpoint carry it.
 */
public final class SavableRandom implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long seed;
    private long gamma;

    public SavableRandom(long seed) {
        this.seed = seed;
        this.gamma = GOLDEN_GAMMA;
    }

    /** The generator's whole state: {seed, gamma}. */
    public long[] state() { return new long[] {seed, gamma}; }

    public void restore(long[] state) {
        if (state.length != 2) throw new IllegalArgumentException("a SavableRandom state has 2 longs, got " + state.length);
        this.seed = state[0];
        this.gamma = state[1];
    }

    private long nextSeed() {
        return seed += gamma;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    @Override
    public long nextLong() { return mix64(nextSeed()); }

    @Override
    public int nextInt() { return mix32(nextSeed()); }
}
