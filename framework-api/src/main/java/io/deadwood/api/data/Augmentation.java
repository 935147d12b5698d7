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
     * The default for a data spec. Flips only for CIFAR: mirrored digits are not digits, and an
     * {@code idx:} folder may hold digits, so MNIST-like data is never mirrored.
     */
    public static Augmentation forSpec(String spec, boolean enabled) {
        if (!enabled) return none();
        return DataSpecs.isCifar(spec) ? new Augmentation(CIFAR_PADDING, true) : new Augmentation(MNIST_PADDING, false);
    }

    public boolean isNone() {
        return cropPadding == 0 && !horizontalFlip;
    }
}
