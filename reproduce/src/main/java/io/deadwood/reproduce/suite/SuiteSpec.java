package io.deadwood.reproduce.suite;

import com.fasterxml.jackson.annotation.JsonFormat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A suite file: a table kind and presets, each naming models, data, training settings, the
 * methods with their sweeps, and seeds. It expands into cells (see {@link SuiteExpander}).
 *
 * @param table the id of the {@link io.deadwood.api.report.SuiteTable} the report renders with: {@code demp},
 *              {@code ap}, {@code backends} or a plugin's; whether it exists is checked against the plugins in use
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SuiteSpec(String name, String description, String table, Map<String, Preset> presets) {
    public SuiteSpec {
        if (name == null || !name.matches("[a-z0-9-]+")) throw new IllegalArgumentException("suite.name must match [a-z0-9-]+, got " + name);
        if (table == null || !table.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("suite.table must name a table kind ([a-z0-9-]+: demp, ap, backends or a plugin's), got "
                    + table);
        }
        if (presets == null || presets.isEmpty()) throw new IllegalArgumentException("suite.presets must name at least one preset");
        presets.forEach((k, v) -> {
            if (v == null) throw new IllegalArgumentException("suite.presets." + k + " is empty; give its settings");
        });
        presets = Map.copyOf(presets);
    }

    /** Training settings shared by every cell of a preset; methods and models vary per cell. */
    public record Preset(String description, String data, List<ModelEntry> models, int epochs, int batch,
                         String optimizer, double lr, Double momentum, Double weightDecay, String schedule,
                         boolean augment, int trainLimit, int testLimit, double valSplit, Integer warmupSteps,
                         int seeds, int threads, List<String> backends, List<MethodEntry> methods) {
        /** Dense steps trained and thrown away before the first cell, so that no cell pays the JIT's warm-up. */
        public static final int DEFAULT_WARMUP_STEPS = 60;

        public Preset {
            if (data == null) data = "fashion-mnist";
            if (models == null || models.isEmpty()) throw new IllegalArgumentException("preset.models must name at least one model");
            if (epochs < 1) throw new IllegalArgumentException("preset.epochs must be >= 1, got " + epochs);
            if (batch < 1) throw new IllegalArgumentException("preset.batch must be >= 1, got " + batch);
            if (optimizer == null) optimizer = "sgd";
            if (lr <= 0) throw new IllegalArgumentException("preset.lr must be > 0, got " + lr);
            if (momentum == null) momentum = 0.9;
            if (weightDecay == null) weightDecay = 5e-4;
            if (schedule == null) schedule = "cosine+warmup";
            if (seeds < 1) throw new IllegalArgumentException("preset.seeds must be >= 1, got " + seeds);
            if (!(valSplit >= 0 && Double.isFinite(valSplit)) || (valSplit >= 1 && valSplit != Math.rint(valSplit))) {
                throw new IllegalArgumentException("preset.valSplit must be a fraction in [0, 1) or a whole number of images, got "
                        + valSplit);
            }
            if (warmupSteps == null) warmupSteps = DEFAULT_WARMUP_STEPS;
            if (warmupSteps < 0) throw new IllegalArgumentException("preset.warmupSteps must be >= 0, got " + warmupSteps);
            backends = backends == null || backends.isEmpty() ? List.of("auto") : List.copyOf(noNulls(backends, "preset.backends"));
            if (methods == null || methods.isEmpty()) throw new IllegalArgumentException("preset.methods must list at least one entry");
            models = List.copyOf(noNulls(models, "preset.models"));
            methods = List.copyOf(noNulls(methods, "preset.methods"));
        }
    }

    private static <T> List<T> noNulls(List<T> list, String field) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) throw new IllegalArgumentException(field + "[" + i + "] is empty");
        }
        return list;
    }

    public record ModelEntry(String model, double width) {
        public ModelEntry {
            if (model == null) throw new IllegalArgumentException("models[].model is required");
            if (width <= 0) width = 1.0;
        }
    }

    /**
     * One method line: {@code method} null means dense. {@code sweep} maps config fields to the values
     * to try (every combination becomes a variant). {@code matchSparsityOf} names other entries'
     * variants ({@code label} or {@code label[field=value]}; one name or a list); this entry's
     * method is aimed at the neuron sparsity each reached with the same model and seed (through
     * {@code PruningMethod.withSparsityTarget}; a method that cannot aim at a neuron sparsity is refused).
     * With several names, each becomes a variant of its own, {@code label@name}, so that a baseline
     * traces a curve across the sparsities of the method it is matched to.
     */
    public record MethodEntry(String label, String method, JsonNode config, Map<String, List<JsonNode>> sweep,
                              @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                              List<String> matchSparsityOf) {
        public MethodEntry {
            if (label == null || !label.matches("[a-z0-9-]+")) throw new IllegalArgumentException("methods[].label must match [a-z0-9-]+, got " + label);
            if (sweep != null) {
                sweep.forEach((k, v) -> {
                    if (v == null) throw new IllegalArgumentException("methods[" + label + "].sweep." + k + " must list values");
                });
            }
            sweep = sweep == null ? Map.of() : Map.copyOf(sweep);
            matchSparsityOf = matchSparsityOf == null ? List.of()
                    : List.copyOf(noNulls(matchSparsityOf, "methods[" + label + "].matchSparsityOf"));
            if (!matchSparsityOf.isEmpty() && !sweep.isEmpty() && matchSparsityOf.size() > 1) {
                throw new IllegalArgumentException("methods[" + label + "] may sweep or match several variants, not both");
            }
        }
    }
}
