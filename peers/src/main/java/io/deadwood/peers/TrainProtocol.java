package io.deadwood.peers;

import io.deadwood.api.data.Augmentation;
import io.deadwood.api.data.Batch;
import io.deadwood.api.data.DataLoader;
import io.deadwood.api.data.DataSplits;
import io.deadwood.api.data.DataSpecs;
import io.deadwood.api.data.Normalization;
import io.deadwood.reproduce.bench.BenchRow;
import io.deadwood.reproduce.bench.PeakMemory;
import java.util.Iterator;
import java.util.List;

/**
 * The training measurement every engine goes through, Deadwood's included: Fashion-MNIST batches of
 * 128 from Deadwood's loader (seed 1, shuffled, so every engine sees the same images in the same
 * order), a cold stretch of 2 s and then a steady one of 4 s, as in {@code bench train}.
 */
final class TrainProtocol {
    static final int BATCH = 128;
    private static final long COLD_NANOS = 2_000_000_000L;
    private static final long STEADY_NANOS = 4_000_000_000L;

    private TrainProtocol() {
    }

    static List<BenchRow> run(String model, int threads, Engine engine) throws Exception {
        DataSplits data = DataSpecs.load("fashion-mnist");
        DataLoader loader = new DataLoader(data.train(), BATCH, Normalization.fromTraining(data.train()),
                Augmentation.none(), true, true, 1);
        try (Engine.Trainer trainer = engine.trainer(model, BATCH)) {
            Feed feed = new Feed(loader);
            double cold = feed.imagesPerSecond(trainer, COLD_NANOS);
            double steady = feed.imagesPerSecond(trainer, STEADY_NANOS);
            return List.of(
                    BenchRow.alone(model + " cold", threads, cold, "images/s", "first 2 s, JIT warm-up included"),
                    BenchRow.alone(model, threads, steady, "images/s", "steady state"),
                    BenchRow.alone(model + " peak resident", threads, PeakMemory.residentPeakBytes() / 1048576.0,
                            "MiB", "VmHWM of the whole JVM"));
        }
    }

    private static final class Feed {
        private final DataLoader loader;
        private Iterator<Batch> it;
        private int epoch;

        Feed(DataLoader loader) {
            this.loader = loader;
            this.it = loader.epoch(0);
        }

        double imagesPerSecond(Engine.Trainer trainer, long nanos) throws Exception {
            long start = System.nanoTime(), now, images = 0;
            do {
                if (!it.hasNext()) it = loader.epoch(++epoch);
                Batch b = it.next();
                trainer.step(b);
                images += b.size();
                now = System.nanoTime();
            } while (now - start < nanos);
            return images / ((now - start) / 1e9);
        }
    }
}
