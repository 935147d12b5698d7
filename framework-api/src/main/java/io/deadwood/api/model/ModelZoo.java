package io.deadwood.api.model;

import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.Conv2d;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Flatten;
import io.deadwood.api.nn.GlobalAvgPool;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.MaxPool2d;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.ResidualBlock;
import io.deadwood.api.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The built-in networks the experiments use, each a {@link ModelProvider} (listed in this module's
 * service file), built for the data's input shape. Every hidden width is scaled by
 * {@code width} as max(1, round(width * base)); the classifier's outputs are the classes and never
 * scale or prune. Models come back uninitialised: call {@link Model#initialize(long)}.
 */
public final class ModelZoo {
    private static final int[] VGG11 = {64, -1, 128, -1, 256, 256, -1, 512, 512, -1, 512, 512, -1};
    private static final int[] VGG16 = {64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512, -1};

    private ModelZoo() {
    }

    /** The built-in families' ids. */
    public static List<String> names() { return Models.builtIn().ids(); }

    /**
     * A built-in model; plugin families are reached through {@link Models#discover}.
     *
     * @param inputShape per-sample [C, H, W] of the data
     * @throws IllegalArgumentException for an unknown name, a width that is not positive, or an input
     *     the network cannot take
     */
    public static Model create(String name, double width, int[] inputShape, int numClasses) {
        return Models.builtIn().create(name, width, inputShape, numClasses);
    }

    /** A built-in family: a layer stack for [C, H, W] inputs. */
    private abstract static class Zoo implements ModelProvider {
        private final String id;
        private final String description;

        Zoo(String id, String description) {
            this.id = id;
            this.description = description;
        }

        @Override public String id() { return id; }
        @Override public String description() { return description; }

        abstract void build(Stack s);

        @Override
        public Model create(int[] inputShape, int numClasses, double width) {
            if (inputShape.length != 3) {
                throw new IllegalArgumentException("input shape must be [C, H, W] with positive sizes, got "
                        + Arrays.toString(inputShape));
            }
            Stack s = new Stack(width, inputShape, numClasses);
            build(s);
            return new Model(id, new Sequential(id, s.layers), inputShape, numClasses);
        }
    }

    public static final class Mlp extends Zoo {
        public Mlp() { super("mlp", "dense 300, dense 100, classifier"); }
        @Override void build(Stack s) { mlp(s); }
    }

    public static final class Lenet5 extends Zoo {
        public Lenet5() { super("lenet5", "LeNet-5: conv 6 (5x5), pool, conv 16 (5x5), pool, dense 120, dense 84"); }
        @Override void build(Stack s) { lenet5(s); }
    }

    public static final class Convnet extends Zoo {
        public Convnet() { super("convnet", "conv 32, pool, conv 64, pool, dense 128, classifier"); }
        @Override void build(Stack s) { convnet(s); }
    }

    public static final class Vgg11 extends Zoo {
        public Vgg11() { super("vgg11", "CIFAR-style VGG-11 with BatchNorm and a global average pool"); }
        @Override void build(Stack s) { vgg(s, VGG11); }
    }

    public static final class Vgg16 extends Zoo {
        public Vgg16() { super("vgg16", "CIFAR-style VGG-16 with BatchNorm and a global average pool"); }
        @Override void build(Stack s) { vgg(s, VGG16); }
    }

    public static final class Resnet18 extends Zoo {
        public Resnet18() { super("resnet18", "ResNet-18 (basic blocks 64-128-256-512, 2 each) with a 3x3 stem"); }
        @Override void build(Stack s) { resnet(s, 64, new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 2}); }
    }

    public static final class Resnet20 extends Zoo {
        public Resnet20() { super("resnet20", "CIFAR ResNet-20 (basic blocks 16-32-64, 3 each)"); }
        @Override void build(Stack s) { resnet(s, 16, new int[] {16, 32, 64}, new int[] {3, 3, 3}); }
    }

    private static void mlp(Stack s) {
        s.add(new Flatten("flatten"));
        s.add(new Dense("fc1", s.features(), s.scale(300), true, true));
        s.add(new ReLU("relu1"));
        s.add(new Dense("fc2", s.features(), s.scale(100), true, true));
        s.add(new ReLU("relu2"));
        s.classifier();
    }

    private static void lenet5(Stack s) {
        // LeNet-5 was drawn for 32x32; smaller inputs (MNIST's 28x28) are padded up to it in the first conv.
        int pad = Math.max(0, (32 - Math.min(s.shape[1], s.shape[2]) + 1) / 2);
        s.add(new Conv2d("conv1", s.channels(), s.scale(6), 5, 1, pad, true));
        s.add(new ReLU("relu1"));
        s.add(new MaxPool2d("pool1", 2, 2));
        s.add(new Conv2d("conv2", s.channels(), s.scale(16), 5, 1, 0, true));
        s.add(new ReLU("relu2"));
        s.add(new MaxPool2d("pool2", 2, 2));
        s.add(new Flatten("flatten"));
        s.add(new Dense("fc1", s.features(), s.scale(120), true, true));
        s.add(new ReLU("relu3"));
        s.add(new Dense("fc2", s.features(), s.scale(84), true, true));
        s.add(new ReLU("relu4"));
        s.classifier();
    }

    private static void convnet(Stack s) {
        s.add(new Conv2d("conv1", s.channels(), s.scale(32), 3, 1, 1, true));
        s.add(new ReLU("relu1"));
        s.add(new MaxPool2d("pool1", 2, 2));
        s.add(new Conv2d("conv2", s.channels(), s.scale(64), 3, 1, 1, true));
        s.add(new ReLU("relu2"));
        s.add(new MaxPool2d("pool2", 2, 2));
        s.add(new Flatten("flatten"));
        s.add(new Dense("fc1", s.features(), s.scale(128), true, true));
        s.add(new ReLU("relu3"));
        s.classifier();
    }

    /** CIFAR-style VGG with BatchNorm; -1 in the config is a 2x2 max pool. */
    private static void vgg(Stack s, int[] config) {
        int stage = 1, conv = 1;
        for (int c : config) {
            if (c < 0) {
                // Small inputs (28x28) run out of resolution before the last stage; keep it at 1x1.
                if (s.shape[1] >= 2 && s.shape[2] >= 2) s.add(new MaxPool2d("stage" + stage + ".pool", 2, 2));
                stage++;
                conv = 1;
                continue;
            }
            String p = "stage" + stage + ".";
            s.add(new Conv2d(p + "conv" + conv, s.channels(), s.scale(c), 3, 1, 1, false));
            s.add(new BatchNorm(p + "bn" + conv, s.channels()));
            s.add(new ReLU(p + "relu" + conv));
            conv++;
        }
        // Equal to flattening when the features are 1x1, and still correct when they are not.
        s.add(new GlobalAvgPool("pool"));
        s.classifier();
    }

    private static void resnet(Stack s, int stem, int[] widths, int[] blocks) {
        s.add(new Conv2d("stem.conv", s.channels(), s.scale(stem), 3, 1, 1, false));
        s.add(new BatchNorm("stem.bn", s.channels()));
        s.add(new ReLU("stem.relu"));
        for (int st = 0; st < widths.length; st++) {
            for (int b = 0; b < blocks[st]; b++) {
                int stride = st > 0 && b == 0 ? 2 : 1;
                String name = "stage" + (st + 1) + ".block" + (b + 1);
                s.add(new ResidualBlock(name, s.channels(), s.scale(widths[st]), stride));
            }
        }
        s.add(new GlobalAvgPool("pool"));
        s.classifier();
    }

    /** Layers in order, with the per-sample shape after the last one so each layer can size itself. */
    private static final class Stack {
        final double width;
        final int numClasses;
        final List<Layer> layers = new ArrayList<>();
        int[] shape;

        Stack(double width, int[] inputShape, int numClasses) {
            this.width = width;
            this.numClasses = numClasses;
            this.shape = inputShape.clone();
        }

        int scale(int base) { return (int) Math.max(1, Math.round(width * base)); }

        int channels() { return shape[0]; }

        int features() {
            int p = 1;
            for (int d : shape) p *= d;
            return p;
        }

        void add(Layer layer) {
            shape = layer.outputShape(shape);
            layers.add(layer);
        }

        void classifier() {
            add(new Dense("classifier", features(), numClasses, true, false));
        }
    }
}
