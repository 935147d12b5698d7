package io.deadwood.api.data;

import java.util.Arrays;
import java.util.List;

/**
 * One in-memory split of a data set: {@code count()} samples of one shape, stored sample-major, and
 * one target per sample.
 *
 * <p>Inputs are either unsigned bytes ({@link InputType#UINT8}: images, read as {@code byte / 255})
 * or floats ({@link InputType#FLOAT32}: any real-valued features). Bytes stay bytes in memory, a
 * quarter of the floats they become only batch by batch in the {@link DataLoader}. A sample's shape
 * has rank 1 to 3 and is seen by models as {@code [C, H, W]}: a vector {@code [d]} is
 * {@code [d, 1, 1]} (each feature its own channel, so each is standardised on its own) and a
 * matrix {@code [h, w]} is {@code [1, h, w]}.
 *
 * <p>Targets are either class labels in {@code [0, numClasses)} ({@link TargetKind#CLASSES}) or
 * {@code targetSize()} floats per sample ({@link TargetKind#VALUES}, regression).
 *
 * <p>The arrays are shared, not copied, so that a split is not held twice; nobody may change
 * them after construction.
 */
public final class Dataset {
    /** How inputs are stored. */
    public enum InputType { UINT8, FLOAT32 }

    /** What a sample's target is. */
    public enum TargetKind { CLASSES, VALUES }

    private final String name;
    private final int[] shape;
    private final int count;
    private final byte[] pixels;
    private final float[] inputs;
    private final int[] labels;
    private final int numClasses;
    private final float[] targets;
    private final int targetSize;
    private final List<SourceFile> sources;

    private Dataset(String name, int[] shape, int count, byte[] pixels, float[] inputs, int[] labels, int numClasses,
                    float[] targets, int targetSize, List<SourceFile> sources) {
        if (name == null) throw new IllegalArgumentException("a data set needs a name");
        if (shape == null || shape.length < 1 || shape.length > 3 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(name + ": a sample's shape must have 1 to 3 positive sizes, got "
                    + Arrays.toString(shape));
        }
        long size = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        long values = pixels != null ? pixels.length : inputs.length;
        if ((long) count * size != values) {
            throw new IllegalArgumentException(name + ": " + count + " samples of " + Arrays.toString(shape) + " need "
                    + count * size + " input values, got " + values);
        }
        if (labels != null) {
            if (numClasses < 2) throw new IllegalArgumentException(name + ": a classification set needs at least 2 classes, got " + numClasses);
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= numClasses) {
                    throw new IllegalArgumentException(name + ": label " + labels[i] + " at index " + i
                            + " is outside 0.." + (numClasses - 1));
                }
            }
        } else {
            if (targetSize < 1) throw new IllegalArgumentException(name + ": targetSize must be >= 1, got " + targetSize);
            if ((long) count * targetSize != targets.length) {
                throw new IllegalArgumentException(name + ": " + count + " samples of " + targetSize + " targets need "
                        + (long) count * targetSize + " values, got " + targets.length);
            }
            for (int i = 0; i < targets.length; i++) {
                if (!Float.isFinite(targets[i])) {
                    throw new IllegalArgumentException(name + ": target " + i + " is " + targets[i] + "; targets must be finite");
                }
            }
        }
        if (inputs != null) {
            for (int i = 0; i < inputs.length; i++) {
                if (!Float.isFinite(inputs[i])) {
                    throw new IllegalArgumentException(name + ": input value " + i + " (sample " + i / size + ") is " + inputs[i]
                            + "; inputs must be finite");
                }
            }
        }
        this.name = name;
        this.shape = shape.clone();
        this.count = count;
        this.pixels = pixels;
        this.inputs = inputs;
        this.labels = labels;
        this.numClasses = labels != null ? numClasses : 0;
        this.targets = targets;
        this.targetSize = labels != null ? 0 : targetSize;
        this.sources = List.copyOf(sources);
    }

    /** Byte images of {@code [channels, height, width]}, CHW order, with class labels. */
    public Dataset(String name, byte[] pixels, int[] labels, int channels, int height, int width,
                   int numClasses, List<SourceFile> sources) {
        this(name, new int[] {channels, height, width}, labels.length, pixels, null, labels, numClasses, null, 0, sources);
    }

    /** Byte images with class labels (the same as the constructor). */
    public static Dataset images(String name, byte[] pixels, int[] labels, int channels, int height, int width,
                                 int numClasses, List<SourceFile> sources) {
        return new Dataset(name, pixels, labels, channels, height, width, numClasses, sources);
    }

    /** Real-valued inputs of {@code shape} each (row-major, sample-major) with class labels. */
    public static Dataset classification(String name, float[] inputs, int[] shape, int[] labels, int numClasses,
                                         List<SourceFile> sources) {
        return new Dataset(name, shape, labels.length, null, inputs, labels, numClasses, null, 0, sources);
    }

    /** Real-valued inputs of {@code shape} each with {@code targetSize} real-valued targets per sample. */
    public static Dataset regression(String name, float[] inputs, int[] shape, float[] targets, int targetSize,
                                     List<SourceFile> sources) {
        if (targetSize < 1) throw new IllegalArgumentException(name + ": targetSize must be >= 1, got " + targetSize);
        return new Dataset(name, shape, targets.length / targetSize, null, inputs, null, 0, targets, targetSize, sources);
    }

    public String name() { return name; }

    public int count() { return count; }

    public InputType inputType() { return pixels != null ? InputType.UINT8 : InputType.FLOAT32; }

    public TargetKind targetKind() { return labels != null ? TargetKind.CLASSES : TargetKind.VALUES; }

    /** The shape of one sample as its provider gave it (rank 1 to 3). */
    public int[] shape() { return shape.clone(); }

    /** The shape of one sample as models see it: {@code [C, H, W]} (see the class comment). */
    public int[] sampleShape() { return new int[] {channels(), height(), width()}; }

    public int sampleSize() { return channels() * height() * width(); }

    public int channels() { return shape.length == 2 ? 1 : shape[0]; }

    public int height() { return shape.length == 1 ? 1 : shape[shape.length - 2]; }

    public int width() { return shape.length == 1 ? 1 : shape[shape.length - 1]; }

    /** The bytes of a {@link InputType#UINT8} set (shared, not copied). */
    public byte[] pixels() {
        if (pixels == null) throw new IllegalStateException(name + " holds real-valued inputs, not bytes; read inputs()");
        return pixels;
    }

    /** The floats of a {@link InputType#FLOAT32} set (shared, not copied). */
    public float[] inputs() {
        if (inputs == null) throw new IllegalStateException(name + " holds byte images, not floats; read pixels()");
        return inputs;
    }

    /** The class labels of a {@link TargetKind#CLASSES} set (shared, not copied). */
    public int[] labels() {
        if (labels == null) throw new IllegalStateException(name + " has real-valued targets, not class labels; read targets()");
        return labels;
    }

    /** The number of classes; 0 for a regression set. */
    public int numClasses() { return numClasses; }

    /** The targets of a {@link TargetKind#VALUES} set, {@code targetSize()} per sample (shared, not copied). */
    public float[] targets() {
        if (targets == null) throw new IllegalStateException(name + " has class labels, not real-valued targets; read labels()");
        return targets;
    }

    /** Targets per sample; 0 for a classification set. */
    public int targetSize() { return targetSize; }

    /** Classes, or targets per sample: the width of a model's output layer. */
    public int outputs() { return labels != null ? numClasses : targetSize; }

    public List<SourceFile> sources() { return sources; }

    /** The first n samples (a copy), for quick runs and tests. */
    public Dataset head(int n) {
        return slice(name, 0, Math.min(Math.max(0, n), count));
    }

    /** The last n samples (a copy): the validation slice carved from a training split. */
    public Dataset tail(int n) {
        int m = Math.min(Math.max(0, n), count);
        return slice(name + "[val]", count - m, count);
    }

    /** All but the last n samples (a copy): what is left to train on once a validation slice is carved off. */
    public Dataset withoutTail(int n) {
        return head(count - Math.min(Math.max(0, n), count));
    }

    private Dataset slice(String newName, int from, int to) {
        int size = sampleSize();
        byte[] px = pixels == null ? null : Arrays.copyOfRange(pixels, from * size, to * size);
        float[] in = inputs == null ? null : Arrays.copyOfRange(inputs, from * size, to * size);
        int[] lb = labels == null ? null : Arrays.copyOfRange(labels, from, to);
        float[] tg = targets == null ? null : Arrays.copyOfRange(targets, from * targetSize, to * targetSize);
        return new Dataset(newName, shape, to - from, px, in, lb, numClasses, tg, targetSize, sources);
    }

    @Override
    public String toString() {
        return name + " (" + count + " x " + Arrays.toString(shape) + " " + inputType() + ", "
                + (labels != null ? numClasses + " classes" : targetSize + " targets") + ")";
    }

    /** A file a split was read from, with its SHA-256, for provenance. */
    public record SourceFile(String path, long bytes, String sha256) {
    }
}
