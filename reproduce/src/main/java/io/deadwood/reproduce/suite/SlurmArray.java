package io.deadwood.reproduce.suite;

import com.fasterxml.jackson.core.type.TypeReference;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.reproduce.cli.UserError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a suite's cells as Slurm job arrays: one array task per cell ({@code --cell
 * $SLURM_ARRAY_TASK_ID}), each writing its result into the shared folder. The command follows the
 * arrays with {@code squeue}, prints each cell as it starts and ends, and once none is left reads
 * every task's end state with {@code scontrol}: a task that failed, timed out, was cancelled or
 * preempted without writing its result is recorded as a failed cell with Slurm's state and the task
 * id, so a rerun retries it. A rerun submits only what has no result or failed, and follows tasks of
 * earlier arrays still queued or running instead of submitting them again ({@code DIR/slurm/jobs.json}).
 */
public final class SlurmArray {
    /** What {@code sbatch} is told beyond the array. {@code maxParallel} 0: no limit. */
    public record Options(String partition, String time, Integer gpus, int maxParallel, int cpusPerTask, long pollMillis) {
    }

    /** One submitted array: its job id and the cells it runs, by index. */
    record Job(String id, List<Integer> cells) {
    }

    private static final Set<String> ACTIVE = Set.of("PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED",
            "REQUEUED", "RESIZING", "SIGNALING", "STAGE_OUT");

    private final List<Cell> cells;
    private final Path dir, slurm;
    private final Options options;
    private final PrintStream out;
    private final Map<Integer, String> seen = new HashMap<>();
    /** The last queue state of each task followed, for the ones that leave no end record. */
    private final Map<Integer, String> lastState = new HashMap<>();

    private SlurmArray(List<Cell> cells, Path dir, Options options, PrintStream out) {
        this.cells = cells;
        this.dir = dir;
        this.slurm = dir.resolve("slurm");
        this.options = options;
        this.out = out;
    }

    public static void run(String suite, List<Cell> cells, Path dir, List<String> command, Options options, PrintStream out) {
        new SlurmArray(cells, dir, options, out).run(suite, command);
    }

    private void run(String suite, List<String> command) {
        try {
            Files.createDirectories(slurm);
        } catch (IOException e) {
            throw new UserError("cannot create " + slurm + ": " + e.getMessage());
        }
        List<Job> jobs = new ArrayList<>(readJobs());
        List<Job> follow = new ArrayList<>();
        Map<Integer, String> inFlight = new HashMap<>();
        for (Job j : jobs) {
            Map<Integer, String> states = activeTasks(j.id());
            if (!states.isEmpty()) {
                follow.add(j);
                states.forEach((task, state) -> inFlight.put(task, j.id() + "_" + task));
            }
        }
        if (!inFlight.isEmpty()) out.println("slurm: " + inFlight.size() + " cells still queued or running in earlier arrays; following them");
        Path script = writeScript(suite, command);
        String after = follow.isEmpty() ? null : follow.stream().map(Job::id).collect(Collectors.joining(":"));
        for (List<Integer> wave : CellProcesses.waves(cells, dir, inFlight.keySet())) {
            if (wave.isEmpty()) continue;
            String id = submit(script, wave, after);
            Job job = new Job(id, wave);
            jobs.add(job);
            follow.add(job);
            writeJobs(jobs);
            out.printf("slurm: submitted array job %s: %d cells%n", id, wave.size());
            after = follow.stream().map(Job::id).collect(Collectors.joining(":"));
        }
        followUntilDone(follow);
        for (Job j : follow) recordEnds(j);
    }

    private Path writeScript(String suite, List<String> command) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("#SBATCH --job-name=deadwood-").append(suite.replaceAll("[^A-Za-z0-9._-]", "_")).append('\n');
        s.append("#SBATCH --output=").append(slurm.toAbsolutePath()).append("/%A_%a.out\n");
        s.append("#SBATCH --cpus-per-task=").append(options.cpusPerTask()).append('\n');
        s.append("exec");
        for (String a : command) s.append(' ').append(quote(a));
        s.append(" --cell \"$SLURM_ARRAY_TASK_ID\" --cell-threads ").append(options.cpusPerTask()).append('\n');
        Path file = slurm.resolve("cell.sbatch");
        AtomicFiles.write(file, s.toString().getBytes(StandardCharsets.UTF_8));
        return file;
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private String submit(Path script, List<Integer> wave, String after) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        String array = wave.stream().map(String::valueOf).collect(Collectors.joining(","));
        cmd.add("--array=" + array + (options.maxParallel() > 0 ? "%" + options.maxParallel() : ""));
        if (options.partition() != null) cmd.add("--partition=" + options.partition());
        if (options.time() != null) cmd.add("--time=" + options.time());
        if (options.gpus() != null) cmd.add("--gpus=" + options.gpus());
        if (after != null) cmd.add("--dependency=afterany:" + after);
        cmd.add(script.toAbsolutePath().toString());
        String printed = exec(cmd).strip();
        String id = printed.split(";")[0];
        if (!id.matches("\\d+")) throw new UserError("sbatch answered '" + printed + "', not a job id");
        return id;
    }

    /** Array task -> state, for the tasks of a job still in the queue. */
    private static Map<Integer, String> activeTasks(String job) {
        Map<Integer, String> out = new TreeMap<>();
        String listing;
        try {
            listing = exec(List.of("squeue", "-h", "-r", "-j", job, "-o", "%i|%T"));
        } catch (UserError e) {
            return out; // a job squeue no longer knows has left the queue
        }
        for (String line : listing.split("\n")) {
            String[] parts = line.strip().split("\\|");
            if (parts.length != 2 || !ACTIVE.contains(parts[1])) continue;
            int underscore = parts[0].indexOf('_');
            if (underscore > 0 && parts[0].substring(underscore + 1).matches("\\d+")) {
                out.put(Integer.parseInt(parts[0].substring(underscore + 1)), parts[1]);
            }
        }
        return out;
    }

    private void followUntilDone(List<Job> jobs) {
        while (true) {
            Map<Integer, String> active = new TreeMap<>();
            for (Job j : jobs) {
                activeTasks(j.id()).forEach((task, state) -> {
                    active.put(task, state + " (task " + j.id() + "_" + task + ")");
                    lastState.put(task, state);
                });
            }
            for (var e : active.entrySet()) {
                if (!e.getValue().equals(seen.put(e.getKey(), e.getValue()))) {
                    out.printf("[%d/%d] %s: %s%n", e.getKey() + 1, cells.size(), cells.get(e.getKey()).id(), e.getValue());
                }
            }
            for (Integer gone : new ArrayList<>(seen.keySet())) {
                if (!active.containsKey(gone)) {
                    seen.remove(gone);
                    CellProcesses.printDone(out, gone, cells.size(), cells.get(gone), dir, "");
                }
            }
            if (active.isEmpty()) return;
            try {
                Thread.sleep(options.pollMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted while following the Slurm jobs; run the same command again to go on following them");
            }
        }
    }

    private static final Pattern TASK = Pattern.compile("ArrayTaskId=(\\d+) .*?JobState=(\\S+) .*?ExitCode=(\\S+)");

    /** Records, for every task of the job that left no result, how Slurm says it ended. */
    private void recordEnds(Job job) {
        Map<Integer, String[]> ends = new HashMap<>();
        String listing;
        try {
            listing = exec(List.of("scontrol", "-o", "show", "job", job.id()));
        } catch (UserError e) {
            listing = "";
        }
        for (String line : listing.split("\n")) {
            Matcher m = TASK.matcher(line);
            if (m.find()) ends.put(Integer.parseInt(m.group(1)), new String[] {m.group(2), m.group(3)});
        }
        for (int i : job.cells()) {
            Cell cell = cells.get(i);
            if (!SuiteRunner.needsRun(dir, cell)) continue;
            if (Files.isRegularFile(SuiteRunner.resultFile(dir, cell.id()))) continue; // the cell recorded its own failure
            String task = job.id() + "_" + i;
            String[] end = ends.get(i);
            // a task cancelled before it started leaves the queue with no end record of its own
            String how = end != null ? "ended " + end[0] + " (exit " + end[1] + ")"
                    : "left the queue while " + lastState.getOrDefault(i, "queued") + " without an end record (CANCELLED before it ran)";
            SuiteRunner.recordFailure(dir, cell, "slurm: array task " + task + " " + how + " without a result; its log: slurm/"
                    + task + ".out");
            CellProcesses.printDone(out, i, cells.size(), cell, dir, "");
        }
    }

    private List<Job> readJobs() {
        Path file = slurm.resolve("jobs.json");
        if (!Files.isRegularFile(file)) return List.of();
        try {
            return AtomicFiles.json().readValue(file.toFile(), new TypeReference<List<Job>>() { });
        } catch (IOException e) {
            throw new UserError(file + " is unreadable (" + e.getMessage() + "); remove it to submit every unfinished cell again");
        }
    }

    private void writeJobs(List<Job> jobs) {
        AtomicFiles.writeJson(slurm.resolve("jobs.json"), jobs);
    }

    /** Runs a Slurm command; a failure (or a missing command) is a user error naming it. */
    static String exec(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new UserError(cmd.get(0) + " failed (exit " + code + "): " + output.strip().lines().findFirst().orElse(""));
            }
            return output;
        } catch (IOException e) {
            throw new UserError("cannot run " + cmd.get(0) + " (" + e.getMessage() + "); is Slurm's client installed and on PATH?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while running " + cmd.get(0));
        }
    }
}
