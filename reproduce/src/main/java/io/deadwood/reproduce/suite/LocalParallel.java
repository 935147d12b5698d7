package io.deadwood.reproduce.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs K cells side by side on this machine, each in a JVM of its own with its share of the cores
 * ({@code --cell N --cell-threads T}), its output in {@code DIR/logs/CELL.log}. Cells that match
 * another's sparsity start once the first wave is done.
 */
public final class LocalParallel {
    private LocalParallel() {
    }

    public static void run(List<Cell> cells, Path dir, List<String> command, int maxParallel, int threadsEach,
                           PrintStream out) {
        Path logs = dir.resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not create " + logs, e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(maxParallel);
        try {
            for (List<Integer> wave : CellProcesses.waves(cells, dir, Set.of())) {
                List<Future<?>> running = new ArrayList<>();
                for (int i : wave) {
                    running.add(pool.submit(() -> {
                        runOne(cells, i, dir, command, threadsEach, logs);
                        synchronized (out) {
                            CellProcesses.printDone(out, i, cells.size(), cells.get(i), dir, "");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cells ran", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a cell's process could not run: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runOne(List<Cell> cells, int i, Path dir, List<String> command, int threads, Path logs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("--cell", Integer.toString(i), "--cell-threads", Integer.toString(threads)));
        Path log = logs.resolve(cells.get(i).id() + ".log");
        int code = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
        if (code != 0 && SuiteRunner.needsRun(dir, cells.get(i))) {
            SuiteRunner.recordFailure(dir, cells.get(i), "its process ended with exit code " + code + "; see logs/"
                    + log.getFileName());
        }
    }
}
