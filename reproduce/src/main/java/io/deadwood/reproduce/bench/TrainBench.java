package io.deadwood.reproduce.bench;

import io.deadwood.api.backend.BatchScore;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.Augmentation;
import io.deadwood.api.data.Batch;
import io.deadwood.api.data.DataLoader;
import io.deadwood.api.data.DataSplits;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.optim.Optimizers;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Training throughput on real Fashion-MNIST batches: the same step as the trainer (forward, softmax
 * cross-entropy, backward, SGD with momentum 0.9 and lr 0.05, batch 128, seed 1, shuffled order),
 * without evaluation or progress output. Each model gets a cold figure (its first seconds, JIT
 * warm-up included) and a steady one, its own peak memory, and the heap bytes a steady-state step
 * allocates (summed over all threads, so the backend's workers count too).
 */
public final class TrainBench {
    /** A model and width to train; {@code baseline} names the entry its ratio is taken against. */
    public record Entry(String model, double width, String baseline) {
        public String label() {
            return model + (width == 1.0 ? "" : " --width " + width);
        }
    }

    public static final List<Entry> DEFAULT = List.of(
            new Entry("mlp", 1.0, null),
            new Entry("convnet", 1.0, null),
            new Entry("convnet", 0.5, "convnet"),
            new Entry("vgg11", 0.5, null),
            new Entry("resnet20", 1.0, null));

    private static final int BATCH = 128;
    private static final long COLD_NANOS = 2_000_000_000L;
    private static final long STEADY_NANOS = 4_000_000_000L;
    private static final long ALLOCATION_NANOS = 1_000_000_000L;
    private static final int ALLOCATION_MIN_STEPS = 20;
    /** Steps before the steady stretch, and the fewest it covers (slow devices take seconds a step). */
    private static final int WARM_STEPS = 8, STEADY_MIN_STEPS = 3;

    private TrainBench() {
    }

    /**
     * Each entry in its own JVM (see {@link ChildJvm}), then the ratios of the entries that name a
     * baseline, taken between the steady figures of the two JVMs.
     */
    public static List<BenchRow> isolated(List<Entry> entries, int threads, String data)
            throws java.io.IOException, InterruptedException {
        List<BenchRow> rows = new ArrayList<>();
        java.util.Map<String, Double> steady = new java.util.HashMap<>();
        for (Entry e : entries) {
            BenchReport child = ChildJvm.bench(List.of("train", "--model", e.model(), "--width", Double.toString(e.width()),
                    "--threads", Integer.toString(threads), "--data", data));
            for (BenchRow r : child.rows()) {
                if (r.name().equals(e.label())) {
                    steady.put(e.label(), r.value());
                    if (e.baseline() != null && steady.containsKey(e.baseline())) {
                        r = BenchRow.against(r.name(), r.threads(), r.value(), r.unit(), e.baseline(), steady.get(e.baseline()));
                    }
                }
                rows.add(r);
            }
        }
        return rows;
    }

    /** The entries one after another in this JVM; memory figures are this JVM's peaks so far. */
    public static List<BenchRow> run(ComputeBackend backend, DataSplits data, List<Entry> entries) {
        List<BenchRow> rows = new ArrayList<>();
        java.util.Map<String, Double> steady = new java.util.HashMap<>();
        for (Entry e : entries) {
            PeakMemory.reset();
            Stepper stepper = Stepper.of(e.model(), e.width(), backend, data);
            double cold = stepper.imagesPerSecond(COLD_NANOS, 1);
            // a device backend records its first steps before it runs one as a single launch
            while (stepper.steps < WARM_STEPS) stepper.step();
            java.util.Map<String, Long> before = backend.counters();
            long stepsBefore = stepper.steps;
            double warm = stepper.imagesPerSecond(STEADY_NANOS, STEADY_MIN_STEPS);
            java.util.Map<String, Long> after = backend.counters();
            long steadySteps = stepper.steps - stepsBefore;
            double perStep = stepper.bytesPerStep(ALLOCATION_NANOS, ALLOCATION_MIN_STEPS);
            int t = backend.threads();
            String what = e.label();
            rows.add(BenchRow.alone(what + " cold", t, cold, "images/s", "first 2 s of training, JIT warm-up included"));
            if (e.baseline() != null && steady.containsKey(e.baseline())) {
                rows.add(BenchRow.against(what, t, warm, "images/s", e.baseline(), steady.get(e.baseline())));
            } else {
                rows.add(BenchRow.alone(what, t, warm, "images/s", "steady state"));
            }
            steady.put(what, warm);
            String scope = entries.size() == 1 ? "own JVM" : "this JVM so far";
            rows.add(BenchRow.alone(what + " peak resident", t, PeakMemory.residentPeakBytes() / 1048576.0, "MiB",
                    "VmHWM, " + scope));
            rows.add(BenchRow.alone(what + " peak heap", t, PeakMemory.heapPeakBytes() / 1048576.0, "MiB",
                    "sum of heap pool peaks, " + scope));
            if (after.containsKey("launches") && steadySteps > 0) {
                rows.add(BenchRow.alone(what + " launches per step", t, perStep(before, after, "launches", steadySteps),
                        "launches", "device submissions, steady state"));
                double bytes = perStep(before, after, "bytesUp", steadySteps) + perStep(before, after, "bytesDown", steadySteps);
                rows.add(BenchRow.alone(what + " host copies per step", t, bytes, "bytes", "both ways, steady state"));
            }
            if (perStep >= 0) {
                rows.add(BenchRow.alone(what + " allocated per step", t, perStep, "bytes",
                        "heap, all threads, after the steady stretch"));
            }
        }
        return rows;
    }

    private static double perStep(java.util.Map<String, Long> before, java.util.Map<String, Long> after, String key,
                                  long steps) {
        return (after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L)) / (double) steps;
    }

    /** Trains step after step, carrying on through epochs, and times stretches of it. */
    static final class Stepper {
        private final Model model;
        private final Optimizer opt;
        private final ComputeBackend backend;
        private final DataLoader loader;
        private final ExecutionContext ctx;
        private Iterator<Batch> batches;
        private int epoch;
        private Tensor grad;
        long steps;

        /** The benchmark's model, optimiser and data on a backend. */
        static Stepper of(String model, double width, ComputeBackend backend, DataSplits data) {
            Model m = ModelZoo.create(model, width, data.train().sampleShape(), data.test().numClasses());
            m.initialize(1);
            Optimizer opt = Optimizers.create(OptimizerConfig.sgd(0.05).withMomentum(0.9, false).withWeightDecay(0));
            DataLoader loader = new DataLoader(data.train(), BATCH, Normalization.fromTraining(data.train()),
                    Augmentation.none(), true, true, 1);
            return new Stepper(m, opt, backend, loader);
        }

        Stepper(Model model, Optimizer opt, ComputeBackend backend, DataLoader loader) {
            this.model = model;
            this.opt = opt;
            this.backend = backend;
            this.loader = loader;
            this.ctx = new ExecutionContext(backend, true);
            this.batches = loader.epoch(0);
        }

        double imagesPerSecond(long nanos, int minSteps) {
            long start = System.nanoTime(), now;
            long images = 0;
            int done = 0;
            do {
                images += step();
                done++;
                now = System.nanoTime();
            } while (now - start < nanos || done < minSteps);
            return images / ((now - start) / 1e9);
        }

        /** Mean heap bytes allocated per step over at least {@code minSteps} steps and {@code nanos}; -1 if unknown. */
        double bytesPerStep(long nanos, int minSteps) {
            if (!AllocatedBytes.supported()) return -1;
            long start = System.nanoTime();
            long before = AllocatedBytes.total();
            int steps = 0;
            do {
                step();
                steps++;
            } while (steps < minSteps || System.nanoTime() - start < nanos);
            return (AllocatedBytes.total() - before) / (double) steps;
        }

        int step() {
            if (!batches.hasNext()) batches = loader.epoch(++epoch);
            Batch b = batches.next();
            BatchScore score;
            // the trainer's bracket: a device backend may run the whole step as one launch
            backend.beginStep();
            try {
                Tensor logits = model.forward(b.images(), ctx);
                if (grad == null || !grad.sameShape(logits)) grad = Tensor.zeros(logits.shape());
                score = backend.scoreBatch(logits, b.labels(), 0f, grad);
                model.backward(grad, ctx);
                opt.step(model.parameters(), 0.05f, backend);
            } finally {
                backend.endStep();
            }
            if (!Double.isFinite(score.loss())) throw new IllegalStateException(model.name() + " diverged in the benchmark");
            steps++;
            return b.size();
        }
    }
}
