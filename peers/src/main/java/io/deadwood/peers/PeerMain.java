package io.deadwood.peers;

import io.deadwood.api.result.AtomicFiles;
import io.deadwood.reproduce.bench.BenchEnvironment;
import io.deadwood.reproduce.bench.BenchRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One engine, one piece of work, in its own JVM: {@code PeerMain ENGINE WORK OUT.json} where ENGINE
 * is deadwood, pytorch or dl4j and WORK is gemm or a model name (mlp, convnet). Each run is a fresh
 * JVM so that one engine's threads, heap and JIT state cannot colour another's figures;
 * {@link Compare} then puts the files side by side.
 */
public final class PeerMain {
    private PeerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PeerMain deadwood|pytorch|dl4j gemm|mlp|convnet OUT.json");
            System.exit(2);
        }
        String engine = args[0], work = args[1];
        int threads = Integer.getInteger("peers.threads", 2);
        Engine e = switch (engine) {
            case "deadwood" -> new DeadwoodEngine(threads);
            case "pytorch" -> new DjlEngine(threads);
            case "dl4j" -> new Dl4jEngine(threads);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
        List<BenchRow> rows = work.equals("gemm") ? e.gemm() : TrainProtocol.run(work, threads, e);
        PeerResult result = new PeerResult(engine, work, e.version(), e.note(), BenchEnvironment.probe(), rows);
        Files.writeString(Path.of(args[2]), AtomicFiles.json().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        System.exit(0);
    }

    /** What a run wrote: enough to compare figures and to say what was compared. */
    public record PeerResult(String engine, String work, String version, String note, BenchEnvironment environment,
                             List<BenchRow> rows) {
    }
}
