package io.deadwood.api.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Checkpointing for one run: where checkpoints go, how often (every {@code everySteps} optimiser
 * steps, and at every epoch end), and the run's resolved configuration, which is stored with every
 * checkpoint and must match on resume.
 */
public final class Checkpointing {
    /** 2: the run's clock is saved once, under "clock", instead of in the pruner's and the metrics' state. */
    private static final int FORMAT = 2;

    private final CheckpointStore store;
    private final long everySteps;
    private final JsonNode runConfig;

    public Checkpointing(Path dir, long everySteps, JsonNode runConfig) {
        if (everySteps < 0) throw new IllegalArgumentException("--checkpoint-every must be >= 0, got " + everySteps);
        this.store = new CheckpointStore(dir);
        this.everySteps = everySteps;
        this.runConfig = Objects.requireNonNull(runConfig);
    }

    public CheckpointStore store() { return store; }

    /** Whether a checkpoint is due after {@code stepsDone} steps of the run (epoch ends always are). */
    public boolean due(long stepsDone) {
        return everySteps > 0 && stepsDone % everySteps == 0;
    }

    /** Starts over: removes the checkpoints there are. */
    public void clear() { store.clear(); }

    public void save(JsonNode state) {
        ObjectNode o = StateCodec.object();
        o.put("format", FORMAT);
        o.set("config", runConfig);
        o.set("state", state);
        store.write(o);
    }

    /**
     * The state of the newest good checkpoint, or null when there is none. Refuses one written by
     * another configuration, naming what changed.
     */
    public JsonNode resumeState() {
        CheckpointStore.Loaded loaded = store.loadLatest();
        if (loaded == null) return null;
        JsonNode root = loaded.state();
        if (root.path("format").asInt() != FORMAT) {
            throw new CheckpointException("checkpoint " + loaded.file() + " has format " + root.path("format")
                    + ", this version reads " + FORMAT + "; rerun with --fresh to start over");
        }
        List<String> changed = differences("", root.path("config"), runConfig);
        if (!changed.isEmpty()) {
            throw new CheckpointException("the checkpoint in " + store.folder() + " belongs to a run with another "
                    + "configuration (changed: " + String.join(", ", changed) + "); rerun with --fresh to start over, "
                    + "or choose another --out");
        }
        return root.get("state");
    }

    /** Field-by-field differences of two JSON configs, as {@code path: stored -> now}. */
    public static List<String> differences(String path, JsonNode stored, JsonNode now) {
        List<String> out = new ArrayList<>();
        if (stored.isObject() && now.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            stored.fieldNames().forEachRemaining(names::add);
            now.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                out.addAll(differences(path.isEmpty() ? n : path + "." + n, stored.path(n), now.path(n)));
            }
            return out;
        }
        if (!sameValue(stored, now)) out.add(path + ": " + show(stored) + " -> " + show(now));
        return out;
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isMissingNode() || a.isNull()) return b.isMissingNode() || b.isNull();
        if (a.isNumber() && b.isNumber()) return a.asDouble() == b.asDouble() || a.equals(b);
        return a.equals(b);
    }

    private static String show(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "unset" : n.toString();
    }

}
