package org.example.deadwood.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.testkit.LayerContract;
import io.deadwood.testkit.ReferenceBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Deadwood's layer contract (shapes, gradients, state, cuts), plus the layer's own arithmetic. */
class ChannelAffineTest extends LayerContract {
    @Override protected Layer layer() { return new ChannelAffine("affine", 3); }
    @Override protected int[] inputShape() { return new int[] {3, 2, 2}; }

    @Test
    void scalesAndShiftsEachChannel() {
        ChannelAffine layer = new ChannelAffine("affine", 2);
        layer.initialize(new SplittableRandom(1));
        layer.parameters().get(0).value().set(1, 3f);
        layer.parameters().get(1).value().set(1, -1f);
        Tensor x = Tensor.wrap(new float[] {1, 2, 5, 7}, 1, 2, 2);
        Tensor y = layer.forward(x, new ExecutionContext(new ReferenceBackend(), false));
        assertEquals(1f, y.get(0));
        assertEquals(2f, y.get(1));
        assertEquals(14f, y.get(2));
        assertEquals(20f, y.get(3));
    }
}
