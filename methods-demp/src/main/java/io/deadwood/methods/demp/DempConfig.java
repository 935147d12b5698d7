package io.deadwood.methods.demp;

import java.util.List;

/**
 * DemP's settings. Read from JSON by {@link io.deadwood.api.prune.PruningMethods}, which fills every
 * field the user leaves out from {@link #DEFAULT}, so a config names only what it changes.
 *
 * @param regularizer      {@code bn-l1} (L1 on BatchNorm scales, the paper's), {@code l2} (on producer
 *                         weights) or {@code positive-l2} (L2 on positive producer weights only); a model
 *                         without BatchNorm falls back from {@code bn-l1} to {@code positive-l2}
 * @param lambdaMax        peak strength of the regulariser
 * @param lambdaSpan       the schedule's span S as a fraction of the run's steps; after S it stays at its floor
 * @param lambdaStartDiv   the schedule starts at peak / this
 * @param lambdaEndDiv     and ends (at S) at peak / this
 * @param lambdaPeakAt     where in S the peak is, as a fraction of S
 * @param noiseSigmaMax    peak standard deviation of the Gaussian noise added after each update (same shape)
 * @param noiseLiveOnly    noise only the parameters of live units (nonzero gradient); false noises every parameter
 * @param checkEvery       steps between dead-unit checks; 0 picks {@value DempSession#AUTO_CHECKS} checks per run
 *                         (at least every step)
 * @param probeFraction    share of the training split the dead check scans, from its start: 0.04 (1/25, what
 *                         the paper's current code scans) up to 1 (the whole split, as its earlier code did; a
 *                         unit is then dead only if it never fires on any training image)
 * @param deadEps          a unit is dead when its summed activation over the probe set is at most this
 * @param minUnitsPerGroup units every group keeps even when more are dead
 * @param finalCheck       check once more when training ends
 * @param noiseGenerator   {@code sequential} (the default: one SplitMix64 stream drawn in parameter order, as
 *                         every run so far) or {@code counter} (each value from its step, parameter and index,
 *                         which a device backend draws where the parameters are, sending nothing)
 */
public record DempConfig(String regularizer, double lambdaMax, double lambdaSpan, double lambdaStartDiv,
                         double lambdaEndDiv, double lambdaPeakAt, double noiseSigmaMax, boolean noiseLiveOnly,
                         int checkEvery, double probeFraction, double deadEps, int minUnitsPerGroup, boolean finalCheck,
                         String noiseGenerator) {

    public static final String BN_L1 = "bn-l1";
    public static final String L2 = "l2";
    public static final String POSITIVE_L2 = "positive-l2";
    public static final List<String> REGULARIZERS = List.of(BN_L1, L2, POSITIVE_L2);
    public static final String SEQUENTIAL = "sequential";
    public static final String COUNTER = "counter";
    public static final List<String> NOISE_GENERATORS = List.of(SEQUENTIAL, COUNTER);

    /*
     * lambdaMax 1e-2: the top of the paper's VGG-16 AdamW sweep (1e-6 .. 1e-2), because short runs need it.
     * Under Adam a BatchNorm scale whose data gradient is smaller than lambda falls by about one learning rate
     * per step whatever lambda is, so lambda sets which units the term overpowers and the run's length sets
     * whether their scales reach zero: from 1, that takes about 1 / lr = 200 steps at the peak rate of 5e-3.
     * On a validation slice (vgg11 w0.25, 2 epochs of 55,000 images, AdamW 5e-3) 2e-3 removed 2% of the units
     * and 1e-2 removed 24%, at validation accuracy 0.918 and 0.914; nothing died within 236 steps at any lambda
     * up to 2e-2. See docs/fidelity.md.
     */
    public static final DempConfig DEFAULT = new DempConfig(BN_L1, 1e-2, 1.0, 25, 2.5e5, 0.3, 5e-5, true, 0, 0.04, 0, 1,
            true, SEQUENTIAL);

    public DempConfig {
        if (regularizer == null || !REGULARIZERS.contains(regularizer)) {
            throw new IllegalArgumentException("demp.regularizer must be one of " + String.join(", ", REGULARIZERS)
                    + ", got " + (regularizer == null ? "null" : "'" + regularizer + "'"));
        }
        requireAtLeast("lambdaMax", lambdaMax, 0);
        if (!(lambdaSpan > 0) || Double.isInfinite(lambdaSpan)) {
            throw new IllegalArgumentException("demp.lambdaSpan must be > 0, got " + lambdaSpan);
        }
        requireAtLeast("lambdaStartDiv", lambdaStartDiv, 1);
        requireAtLeast("lambdaEndDiv", lambdaEndDiv, 1);
        if (!(lambdaPeakAt >= 0 && lambdaPeakAt <= 1)) {
            throw new IllegalArgumentException("demp.lambdaPeakAt must be in [0, 1], got " + lambdaPeakAt);
        }
        requireAtLeast("noiseSigmaMax", noiseSigmaMax, 0);
        if (checkEvery < 0) throw new IllegalArgumentException("demp.checkEvery must be >= 0, got " + checkEvery);
        if (!(probeFraction > 0 && probeFraction <= 1)) {
            throw new IllegalArgumentException("demp.probeFraction must be in (0, 1], got " + probeFraction);
        }
        requireAtLeast("deadEps", deadEps, 0);
        if (minUnitsPerGroup < 1) {
            throw new IllegalArgumentException("demp.minUnitsPerGroup must be >= 1, got " + minUnitsPerGroup);
        }
        if (noiseGenerator == null || !NOISE_GENERATORS.contains(noiseGenerator)) {
            throw new IllegalArgumentException("demp.noiseGenerator must be one of " + String.join(", ", NOISE_GENERATORS)
                    + ", got " + (noiseGenerator == null ? "null" : "'" + noiseGenerator + "'"));
        }
    }

    private static void requireAtLeast(String field, double value, double min) {
        // Written so that NaN fails too; infinity is refused because it would poison the loss.
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("demp." + field + " must be >= " + fmt(min) + ", got " + fmt(value));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    public DempConfig withRegularizer(String r) {
        return new DempConfig(r, lambdaMax, lambdaSpan, lambdaStartDiv, lambdaEndDiv, lambdaPeakAt, noiseSigmaMax,
                noiseLiveOnly, checkEvery, probeFraction, deadEps, minUnitsPerGroup, finalCheck, noiseGenerator);
    }

    public DempConfig withLambdaMax(double l) {
        return new DempConfig(regularizer, l, lambdaSpan, lambdaStartDiv, lambdaEndDiv, lambdaPeakAt, noiseSigmaMax,
                noiseLiveOnly, checkEvery, probeFraction, deadEps, minUnitsPerGroup, finalCheck, noiseGenerator);
    }

    public DempConfig withNoise(double sigmaMax, boolean liveOnly) {
        return new DempConfig(regularizer, lambdaMax, lambdaSpan, lambdaStartDiv, lambdaEndDiv, lambdaPeakAt, sigmaMax,
                liveOnly, checkEvery, probeFraction, deadEps, minUnitsPerGroup, finalCheck, noiseGenerator);
    }

    public DempConfig withChecks(int every, boolean atEnd) {
        return new DempConfig(regularizer, lambdaMax, lambdaSpan, lambdaStartDiv, lambdaEndDiv, lambdaPeakAt,
                noiseSigmaMax, noiseLiveOnly, every, probeFraction, deadEps, minUnitsPerGroup, atEnd, noiseGenerator);
    }

    public DempConfig withMinUnitsPerGroup(int min) {
        return new DempConfig(regularizer, lambdaMax, lambdaSpan, lambdaStartDiv, lambdaEndDiv, lambdaPeakAt,
                noiseSigmaMax, noiseLiveOnly, checkEvery, probeFraction, deadEps, min, finalCheck, noiseGenerator);
    }

    public DempConfig withNoiseGenerator(String generator) {
        return new DempConfig(regularizer, lambdaMax, lambdaSpan, lambdaStartDiv, lambdaEndDiv, lambdaPeakAt,
                noiseSigmaMax, noiseLiveOnly, checkEvery, probeFraction, deadEps, minUnitsPerGroup, finalCheck, generator);
    }
}
