package io.deadwood.reproduce.cli;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.Backends;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.DataSpecs;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.reproduce.bench.BenchEnvironment;
import io.deadwood.reproduce.bench.BenchReport;
import io.deadwood.reproduce.bench.BenchRow;
import io.deadwood.reproduce.bench.ConvBench;
import io.deadwood.reproduce.bench.GemmBench;
import io.deadwood.reproduce.bench.ScalingBench;
import io.deadwood.reproduce.bench.TrainBench;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure kernels and training next to the FMA ceiling measured in the same run.",
                "gemm: square SGEMM 256..2048; conv: the convnet's convolutions, forward and both backward passes;",
                "train: images/s of mlp, convnet (width 1 and 0.5), vgg11 --width 0.5 and resnet20 on Fashion-MNIST,",
                "with peak memory and the heap bytes a steady-state step allocates. Kernel figures are the best of 7 timed rounds, the ceiling the higher of one measured before and one after."})
public final class BenchCommand implements Callable<Integer> {

    enum Suite { gemm, conv, train, scaling }

    @Parameters(index = "0", description = "gemm, conv, train or scaling (training at 1, 2, 4, ... threads, with the time per op)")
    Suite suite;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--threads", description = "Thread counts for gemm and conv (default: 1 and all cores); "
            + "train uses the largest.", split = ",")
    int[] threads;

    @Option(names = "--model", description = "Train only these models (train suite), e.g. convnet,mlp, all in this "
            + "JVM; without it each default model runs in a JVM of its own.", split = ",")
    List<String> models;

    @Option(names = "--width", description = "Width multiplier for the --model list (default ${DEFAULT-VALUE}).",
            defaultValue = "1.0")
    double width;

    @Option(names = "--data", description = "Data for the train suite (default ${DEFAULT-VALUE}).",
            defaultValue = "fashion-mnist")
    String data;

    @Option(names = "--backend", description = "Backend id (default ${DEFAULT-VALUE}).", defaultValue = "vector-cpu")
    String backend;

    @Option(names = "--debug", hidden = true)
    boolean debug;

    private final Backends backends;

    @Inject
    public BenchCommand(Backends backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() throws Exception {
        int[] counts = threads != null ? threads
                : suite == Suite.scaling ? ScalingBench.threadCounts(Runtime.getRuntime().availableProcessors()) : defaultThreads();
        BackendProvider provider = backends.choose(backend);
        List<BenchRow> rows = switch (suite) {
            case gemm -> GemmBench.run(provider::open, counts);
            case conv -> ConvBench.run(provider::open, counts);
            case train -> {
                int t = IntStream.of(counts).max().orElseThrow();
                if (models == null) yield TrainBench.isolated(TrainBench.DEFAULT, t, data);
                List<TrainBench.Entry> entries = new ArrayList<>();
                for (String m : models) entries.add(new TrainBench.Entry(m, width, null));
                try (ComputeBackend be = provider.open(t)) {
                    yield TrainBench.run(be, DataSpecs.load(data), entries);
                }
            }
            case scaling -> {
                List<TrainBench.Entry> entries = new ArrayList<>();
                for (String m : models == null ? List.of("convnet", "mlp") : models) entries.add(new TrainBench.Entry(m, width, null));
                yield ScalingBench.run(provider::open, DataSpecs.load(data), entries, counts);
            }
        };
        BenchReport report = new BenchReport(BenchReport.SCHEMA, suite.name(), BenchEnvironment.probe(), rows);
        if (json) {
            System.out.println(AtomicFiles.json().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            report.print(System.out);
        }
        return 0;
    }

    private static int[] defaultThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        return cores == 1 ? new int[] {1} : new int[] {1, cores};
    }
}
