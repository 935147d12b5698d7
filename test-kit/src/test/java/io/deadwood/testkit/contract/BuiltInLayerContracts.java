package io.deadwood.testkit.contract;

import io.deadwood.api.nn.Activation;
import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.Conv2d;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Flatten;
import io.deadwood.api.nn.GlobalAvgPool;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.MaxPool2d;
import io.deadwood.api.nn.NeuralOde;
import io.deadwood.api.nn.OdeScheme;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.ResidualBlock;
import io.deadwood.api.nn.Sequential;
import io.deadwood.testkit.LayerContract;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The layer contract, run against every built-in layer. */
class BuiltInLayerContracts {

    @Nested
    class DenseLayer extends LayerContract {
        @Override protected Layer layer() { return new Dense("fc", 12, 7, true, true); }
        @Override protected int[] inputShape() { return new int[] {12}; }
    }

    @Nested
    class DenseAfterImage extends LayerContract {
        @Override protected Layer layer() { return new Dense("fc", 3 * 2 * 2, 5, false, true); }
        @Override protected int[] inputShape() { return new int[] {3, 2, 2}; }
    }

    @Nested
    class ConvLayer extends LayerContract {
        @Override protected Layer layer() { return new Conv2d("conv", 2, 5, 3, 1, 1, true); }
        @Override protected int[] inputShape() { return new int[] {2, 5, 5}; }
    }

    @Nested
    class StridedConvLayer extends LayerContract {
        @Override protected Layer layer() { return new Conv2d("conv", 3, 4, 3, 2, 0, false); }
        @Override protected int[] inputShape() { return new int[] {3, 7, 7}; }
    }

    @Nested
    class BatchNormLayer extends LayerContract {
        @Override protected Layer layer() { return new BatchNorm("bn", 4); }
        @Override protected int[] inputShape() { return new int[] {4, 3, 3}; }
        @Override protected int batch() { return 5; }
    }

    @Nested
    class ReLULayer extends LayerContract {
        @Override protected Layer layer() { return new ReLU("relu"); }
        @Override protected int[] inputShape() { return new int[] {3, 4, 4}; }
    }

    @Nested
    class SigmoidLayer extends LayerContract {
        @Override protected Layer layer() { return Activation.sigmoid("sigmoid"); }
        @Override protected int[] inputShape() { return new int[] {3, 4, 4}; }
    }

    @Nested
    class TanhLayer extends LayerContract {
        @Override protected Layer layer() { return Activation.tanh("tanh"); }
        @Override protected int[] inputShape() { return new int[] {10}; }
    }

    @Nested
    class SoftplusLayer extends LayerContract {
        @Override protected Layer layer() { return Activation.softplus("softplus"); }
        @Override protected int[] inputShape() { return new int[] {2, 3, 3}; }
    }

    @Nested
    class MaxPoolLayer extends LayerContract {
        @Override protected Layer layer() { return new MaxPool2d("pool", 2, 2); }
        @Override protected int[] inputShape() { return new int[] {2, 4, 4}; }
    }

    @Nested
    class GlobalAvgPoolLayer extends LayerContract {
        @Override protected Layer layer() { return new GlobalAvgPool("gap"); }
        @Override protected int[] inputShape() { return new int[] {3, 3, 3}; }
    }

    @Nested
    class FlattenLayer extends LayerContract {
        @Override protected Layer layer() { return new Flatten("flat"); }
        @Override protected int[] inputShape() { return new int[] {2, 3, 3}; }
    }

    @Nested
    class IdentityResidualBlock extends LayerContract {
        @Override protected Layer layer() { return new ResidualBlock("block", 3, 3, 1); }
        @Override protected int[] inputShape() { return new int[] {3, 4, 4}; }
        @Override protected int batch() { return 4; }
        @Override protected float gradientEps() { return 1e-3f; }
    }

    @Nested
    class ProjectionResidualBlock extends LayerContract {
        @Override protected Layer layer() { return new ResidualBlock("block", 2, 4, 2); }
        @Override protected int[] inputShape() { return new int[] {2, 4, 4}; }
        @Override protected int batch() { return 4; }
        @Override protected float gradientEps() { return 1e-3f; }
    }

    @Nested
    class SequentialStack extends LayerContract {
        @Override protected Layer layer() {
            return new Sequential("stack", List.of(new Conv2d("stack.conv", 2, 4, 3, 1, 1, false),
                    new BatchNorm("stack.bn", 4), new ReLU("stack.relu"), new Conv2d("stack.conv2", 4, 3, 3, 1, 1, true)));
        }
        @Override protected int[] inputShape() { return new int[] {2, 4, 4}; }
        @Override protected int batch() { return 4; }
        @Override protected float gradientEps() { return 1e-3f; }
    }

    /** A smooth vector field (no prunable units) through four RK4 steps: every stage's run is backpropagated. */
    @Nested
    class NeuralOdeRk4 extends LayerContract {
        @Override protected Layer layer() {
            return new NeuralOde("ode", new Sequential("ode.f", List.of(new Dense("ode.fc1", 5, 8, true, false),
                    Activation.tanh("ode.act1"), new Dense("ode.out", 8, 3, true, false))), 3, 2, 4, 0.25, OdeScheme.RK4);
        }
        @Override protected int[] inputShape() { return new int[] {3 + 4 * 2}; }
    }

    /** A ReLU vector field (Heun): its hidden units are prunable, and cutting one computes what masking it did. */
    @Nested
    class NeuralOdeReluHeun extends LayerContract {
        @Override protected Layer layer() {
            return new NeuralOde("ode", new Sequential("ode.f", List.of(new Dense("ode.fc1", 3, 6, true, true),
                    new ReLU("ode.relu1"), new Dense("ode.fc2", 6, 5, true, true), new ReLU("ode.relu2"),
                    new Dense("ode.out", 5, 2, true, false))), 2, 1, 3, 0.2, OdeScheme.HEUN);
        }
        @Override protected int[] inputShape() { return new int[] {1, 1, 2 + 3}; }
        @Override protected float gradientEps() { return 1e-3f; }
    }

    /** A discrete-time map: Euler with step 1, the field giving the change per step. */
    @Nested
    class NeuralOdeDiscrete extends LayerContract {
        @Override protected Layer layer() {
            return new NeuralOde("ode", new Sequential("ode.f", List.of(new Dense("ode.fc1", 3, 4, true, false),
                    Activation.softplus("ode.act1"), new Dense("ode.out", 4, 2, true, false))), 2, 1, 5, 1, OdeScheme.EULER);
        }
        @Override protected int[] inputShape() { return new int[] {2 + 5}; }
    }
}
