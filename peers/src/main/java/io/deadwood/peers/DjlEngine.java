package io.deadwood.peers;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.deadwood.api.data.Batch;
import io.deadwood.reproduce.bench.BenchRow;
import io.deadwood.reproduce.bench.GemmBench;
import io.deadwood.reproduce.bench.Rate;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's CPU engine through DJL. The intra-op and inter-op thread counts come from system
 * properties that must be set before the engine loads (bin/deadwood-peers sets them), so they
 * are read back here and reported rather than trusted.
 */
final class DjlEngine implements io.deadwood.peers.Engine {
    private final int threads;

    DjlEngine(int threads) {
        this.threads = threads;
    }

    @Override
    public String version() {
        return "DJL " + Engine.getDjlVersion() + ", PyTorch " + Engine.getEngine("PyTorch").getVersion()
                + " (pytorch-native-cpu " + Versions.get("pytorch") + ")";
    }

    @Override
    public String note() {
        return "intra-op threads " + System.getProperty("ai.djl.pytorch.num_threads")
                + ", inter-op " + System.getProperty("ai.djl.pytorch.num_interop_threads")
                + ", OMP_NUM_THREADS " + System.getenv("OMP_NUM_THREADS");
    }

    @Override
    public List<BenchRow> gemm() {
        List<BenchRow> rows = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (int n : GemmBench.SIZES) {
                NDArray a = m.create(GemmBench.random(n * n, n), new Shape(n, n));
                NDArray b = m.create(GemmBench.random(n * n, n + 1), new Shape(n, n));
                double g = Rate.best(2.0 * n * n * n, () -> {
                    try (NDArray c = a.matMul(b)) {
                        c.getShape();
                    }
                }) / 1e9;
                rows.add(BenchRow.alone("sgemm " + n, threads, g, "GFLOP/s", "NDArray.matMul"));
            }
        }
        return rows;
    }

    @Override
    public Trainer trainer(String name, int batch) {
        SequentialBlock net = new SequentialBlock();
        if (name.equals("convnet")) {
            net.add(conv(32)).add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(conv(64)).add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(10).build());
        } else if (name.equals("mlp")) {
            net.add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(300).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(100).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(10).build());
        } else {
            throw new IllegalArgumentException("the peers comparison trains mlp and convnet, not " + name);
        }
        Model model = Model.newInstance(name, Device.cpu(), "PyTorch");
        model.setBlock(net);
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f).build();
        var trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd)
                .optDevices(new Device[] {Device.cpu()}));
        trainer.initialize(new Shape(batch, 1, 28, 28));
        return new Trainer() {
            @Override
            public void step(Batch b) {
                try (NDManager sub = trainer.getManager().newSubManager()) {
                    float[] labels = new float[b.size()];
                    for (int i = 0; i < labels.length; i++) labels[i] = b.labels()[i];
                    NDArray x = sub.create(b.images().data(), new Shape(b.size(), 1, 28, 28));
                    NDArray y = sub.create(labels, new Shape(b.size()));
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList pred = trainer.forward(new NDList(x));
                        gc.backward(trainer.getLoss().evaluate(new NDList(y), pred));
                    }
                    trainer.step();
                }
            }

            @Override
            public void close() {
                trainer.close();
                model.close();
            }
        };
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }
}
