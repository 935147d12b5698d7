package io.deadwood.api.data;

/**
 * Training-time augmentation: a random crop after zero padding by {@code cropPadding} pixels on
 * each side (equivalently a random shift of up to that many pixels), and optionally a
 * horizontal flip with probability one half.
 */
public record Augmentation(int cropPadding, boolean horizontalFlip) {
    /** Standard CIFAR recipe: pad 4, crop 32, flip. */
    public static final int CIFAR_PADDING = 4;
    /** A small shift for 28x28 digits and clothing; 4 would cut off strokes too often. */
    public static final int MNIST_PADDING = 2;

    public Augmentation {
        if (cropPadding < 0) throw new IllegalArgumentException("cropPadding must be >= 0, got " + cropPadding);
    }

    public static Augmentation none() {
        return new Augmentation(0, false);
    }

    /**
     * The default for a spec of one of Deadwood's own data sets: its provider's augmentation (shifts and
     * flips for CIFAR, shifts only for MNIST-like data, where mirrored digits are not digits).
     */
    public static Augmentation forSpec(String spec, boolean enabled) {
        return DatasetProviders.builtIn().augmentation(spec, enabled);
    }

    public boolean isNone() {
        return cropPadding == 0 && !horizontalFlip;
    }
}
