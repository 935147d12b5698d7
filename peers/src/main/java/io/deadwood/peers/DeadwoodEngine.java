package io.deadwood.peers;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.Batch;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.optim.Optimizers;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.reproduce.bench.BenchRow;
import io.deadwood.reproduce.bench.GemmBench;
import java.util.List;

/** Deadwood's vector CPU backend, through the same protocol as the peers. */
final class DeadwoodEngine implements Engine {
    private final int threads;
    private final BackendProvider provider = Backends.discover().choose("vector-cpu");

    DeadwoodEngine(int threads) {
        this.threads = threads;
    }

    @Override
    public String version() {
        return "Deadwood " + System.getProperty("deadwood.git.commit", "development") + ", backend vector-cpu";
    }

    @Override
    public String note() {
        return "";
    }

    @Override
    public List<BenchRow> gemm() {
        return GemmBench.run(provider::open, new int[] {threads});
    }

    @Override
    public Trainer trainer(String name, int batch) {
        ComputeBackend backend = provider.open(threads);
        Model model = ModelZoo.create(name, 1.0, new int[] {1, 28, 28}, 10);
        model.initialize(1);
        Optimizer opt = Optimizers.create(OptimizerConfig.sgd(0.05).withMomentum(0.9, false).withWeightDecay(0));
        ExecutionContext ctx = new ExecutionContext(backend, true);
        return new Trainer() {
            private Tensor grad;

            @Override
            public void step(Batch b) {
                Tensor logits = model.forward(b.images(), ctx);
                if (grad == null || !grad.hasShape(logits.shape())) grad = Tensor.zeros(logits.shape());
                backend.softmaxCrossEntropy(logits, b.labels(), 0f, grad);
                model.backward(grad, ctx);
                opt.step(model.parameters(), 0.05f, backend);
            }

            @Override
            public void close() {
                backend.close();
            }
        };
    }
}
