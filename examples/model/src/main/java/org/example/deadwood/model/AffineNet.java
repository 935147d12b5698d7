package org.example.deadwood.model;

import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelProvider;
import io.deadwood.api.nn.Conv2d;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.GlobalAvgPool;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.MaxPool2d;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.example.deadwood.layer.ChannelAffine;

/**
 * {@code affine-net}: conv 16, affine, ReLU, pool, conv 32, affine, ReLU, global average pool,
 * classifier; the hidden widths scale with {@code --width}. The convolutions carry no bias, since the
 * affine's shift is one. Listed in {@code META-INF/services/io.deadwood.api.model.ModelProvider}, so
 * {@code --model affine-net} finds it once this jar and the layer's are in the plugins folder.
 */
public final class AffineNet implements ModelProvider {

    @Override
    public String id() { return "affine-net"; }

    @Override
    public String description() { return "example plugin: conv 16, affine, pool, conv 32, affine, global pool, classifier"; }

    @Override
    public Model create(int[] inputShape, int numClasses, double width) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("affine-net takes [C, H, W] images, got " + Arrays.toString(inputShape));
        }
        int c1 = scale(16, width), c2 = scale(32, width);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Conv2d("conv1", inputShape[0], c1, 3, 1, 1, false));
        layers.add(new ChannelAffine("affine1", c1));
        layers.add(new ReLU("relu1"));
        layers.add(new MaxPool2d("pool1", 2, 2));
        layers.add(new Conv2d("conv2", c1, c2, 3, 1, 1, false));
        layers.add(new ChannelAffine("affine2", c2));
        layers.add(new ReLU("relu2"));
        layers.add(new GlobalAvgPool("pool"));
        // prunable = false: the classifier's outputs are the classes
        layers.add(new Dense("classifier", c2, numClasses, true, false));
        return new Model(id(), new Sequential(id(), layers), inputShape, numClasses);
    }

    private static int scale(int base, double width) {
        return (int) Math.max(1, Math.round(base * width));
    }
}
