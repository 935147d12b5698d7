package io.deadwood.reproduce.suite;

import io.deadwood.api.result.TrainResult;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the executors that run cells in processes of their own share: the command that runs one cell
 * (this JVM's java, flags and class path, {@code reproduce} with the suite's own arguments and
 * {@code --cell N}), the order of waves (a cell whose sparsity matches another's runs after it) and
 * the line a finished cell prints.
 */
public final class CellProcesses {
    private CellProcesses() {
    }

    /** The command up to {@code --cell}: the suite's arguments as given, with the output folder. */
    public static List<String> command(List<String> suiteArgs, Path dir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.deadwood.reproduce.Main");
        cmd.add("reproduce");
        cmd.addAll(suiteArgs);
        cmd.add("--out");
        cmd.add(dir.toAbsolutePath().toString());
        return cmd;
    }

    /** The cells that need running, as two waves: those that match no other cell's sparsity, then the rest. */
    static List<List<Integer>> waves(List<Cell> cells, Path dir, java.util.Set<Integer> skip) {
        List<Integer> first = new ArrayList<>(), second = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            if (skip.contains(i) || !SuiteRunner.needsRun(dir, cells.get(i))) continue;
            (cells.get(i).matchOf() == null ? first : second).add(i);
        }
        return List.of(first, second);
    }

    /** The line the local runner prints for a cell, from its result file. */
    static void printDone(PrintStream out, int index, int total, Cell cell, Path dir, String where) {
        Path file = SuiteRunner.resultFile(dir, cell.id());
        TrainResult r = Files.isRegularFile(file) ? SuiteRunner.read(file) : null;
        String what = r == null ? "no result" : r.status() + details(r);
        out.printf(Locale.ROOT, "[%d/%d] %s: %s%s%n", index + 1, total, cell.id(), what, where);
    }

    /** What follows a finished cell's status on its progress line: its scores, or its error. */
    public static String details(TrainResult r) {
        if ("completed".equals(r.status())) {
            return String.format(Locale.ROOT, ", accuracy %.4f, neuron sparsity %.3f, %.1f s", r.testAccuracy(),
                    r.neuronSparsity(), r.wallSeconds());
        }
        return r.error() == null ? "" : " (" + r.error() + ")";
    }
}
