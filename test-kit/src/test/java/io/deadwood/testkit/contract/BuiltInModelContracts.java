package io.deadwood.testkit.contract;

import io.deadwood.api.model.ModelProvider;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.testkit.ModelProviderContract;
import org.junit.jupiter.api.Nested;

/** The model contract, run against every built-in model family. */
class BuiltInModelContracts {

    @Nested
    class Mlp extends ModelProviderContract {
        @Override protected ModelProvider provider() { return new ModelZoo.Mlp(); }
    }

    @Nested
    class Lenet5 extends ModelProviderContract {
        @Override protected ModelProvider provider() { return new ModelZoo.Lenet5(); }
    }

    @Nested
    class Convnet extends ModelProviderContract {
        @Override protected ModelProvider provider() { return new ModelZoo.Convnet(); }
    }

    @Nested
    class Vgg11 extends ModelProviderContract {
        @Override protected ModelProvider provider() { return new ModelZoo.Vgg11(); }
    }

    @Nested
    class Vgg16 extends ModelProviderContract {
        @Override protected ModelProvider provider() { return new ModelZoo.Vgg16(); }
        @Override protected int[] inputShape() { return new int[] {3, 8, 8}; }
    }

    @Nested
    class Resnet18 extends ModelProviderContract {
        @Override protected ModelProvider provider() { return new ModelZoo.Resnet18(); }
        @Override protected int[] inputShape() { return new int[] {3, 8, 8}; }
    }

    @Nested
    class Resnet20 extends ModelProviderContract {
        @Override protected ModelProvider provider() { return new ModelZoo.Resnet20(); }
        @Override protected int[] inputShape() { return new int[] {1, 12, 12}; }
    }
}
