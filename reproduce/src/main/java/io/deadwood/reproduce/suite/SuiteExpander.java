package io.deadwood.reproduce.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.reproduce.cli.TrainConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Expands a preset into cells: models x method variants x seeds, dependencies before dependants. */
public final class SuiteExpander {
    /** More cells than any real suite runs; a preset beyond it is a typo (seeds: 30000) and would exhaust memory. */
    static final int MAX_CELLS = 10_000;

    private SuiteExpander() {
    }

    public static List<Cell> expand(SuiteSpec.Preset p) {
        checkSize(p);
        List<Cell> cells = new ArrayList<>();
        Map<String, String> variantIds = new LinkedHashMap<>();
        for (SuiteSpec.ModelEntry m : p.models()) {
            for (String backend : p.backends()) {
                for (SuiteSpec.MethodEntry entry : p.methods()) {
                    List<String> targets = entry.matchSparsityOf().isEmpty() ? java.util.Collections.singletonList(null)
                            : entry.matchSparsityOf();
                    for (String target : targets) {
                        for (Map<String, JsonNode> point : sweepPoints(entry.sweep())) {
                            String variant = entry.label() + describe(point) + (targets.size() > 1 ? "@" + target : "");
                            for (int s = 1; s <= p.seeds(); s++) {
                                cells.add(cell(p, m, backend, entry, point, variant, target, s, variantIds));
                            }
                        }
                    }
                }
            }
        }
        return cells;
    }

    private static Cell cell(SuiteSpec.Preset p, SuiteSpec.ModelEntry m, String backend, SuiteSpec.MethodEntry entry,
                             Map<String, JsonNode> point, String variant, String target, int s, Map<String, String> variantIds) {
        String id = cellId(m, backend, p.backends().size() > 1, variant, s);
        String key = key(m, backend, variant, s);
        if (variantIds.putIfAbsent(key, id) != null) {
            throw new IllegalArgumentException("suite has two cells for " + key + "; labels must be unique");
        }
        String matchOf = null;
        if (target != null) {
            matchOf = variantIds.get(key(m, backend, target, s));
            if (matchOf == null) {
                throw new IllegalArgumentException("methods[" + entry.label() + "].matchSparsityOf names '" + target
                        + "', which is not an earlier variant; variants so far: "
                        + variantIds.keySet().stream().map(k -> k.split("\\|")[2]).distinct().toList());
            }
        }
        return new Cell(id, entry.label(), variant, m.model(), m.width(), s, config(p, m, backend, entry, point, s), matchOf);
    }

    /** Counts the cells before making any, saturating at just over the limit. */
    private static void checkSize(SuiteSpec.Preset p) {
        long variants = 0;
        for (SuiteSpec.MethodEntry entry : p.methods()) {
            long points = 1;
            for (Map.Entry<String, List<JsonNode>> axis : entry.sweep().entrySet()) {
                if (axis.getValue().isEmpty()) {
                    throw new IllegalArgumentException("methods[" + entry.label() + "].sweep." + axis.getKey()
                            + " lists no values; give at least one or drop the field");
                }
                points = Math.min(points * axis.getValue().size(), MAX_CELLS + 1L);
            }
            points = Math.min(points * Math.max(1, entry.matchSparsityOf().size()), MAX_CELLS + 1L);
            variants = Math.min(variants + points, MAX_CELLS + 1L);
        }
        long cells = variants;
        for (long factor : new long[] {p.models().size(), p.backends().size(), p.seeds()}) {
            cells = Math.min(cells * factor, MAX_CELLS + 1L);
        }
        if (cells > MAX_CELLS) {
            throw new IllegalArgumentException("the preset expands to more than " + MAX_CELLS + " cells ("
                    + p.models().size() + " models x " + p.backends().size() + " backends x " + variants
                    + (variants > MAX_CELLS ? "+" : "") + " method variants x " + p.seeds()
                    + " seeds); lower seeds or sweep fewer values");
        }
    }

    private static String key(SuiteSpec.ModelEntry m, String backend, String variant, int seed) {
        return m.model() + "@" + m.width() + "|" + backend + "|" + variant + "|" + seed;
    }

    private static TrainConfig config(SuiteSpec.Preset p, SuiteSpec.ModelEntry m, String backend,
                                      SuiteSpec.MethodEntry e, Map<String, JsonNode> point, int seed) {
        ObjectNode methodConfig = e.config() != null && e.config().isObject()
                ? ((ObjectNode) e.config()).deepCopy() : JsonNodeFactory.instance.objectNode();
        point.forEach(methodConfig::set);
        return new TrainConfig(m.model(), m.width(), p.data(), p.epochs(), p.batch(), p.optimizer(), p.lr(), p.momentum(),
                false, p.weightDecay(), p.schedule(), 0.0, p.augment(), seed, backend, p.threads(), p.trainLimit(),
                p.testLimit(), p.valSplit(), e.method(), e.method() == null ? null : methodConfig);
    }

    /** Every combination of the swept values, in file order; one empty point when nothing is swept. */
    static List<Map<String, JsonNode>> sweepPoints(Map<String, List<JsonNode>> sweep) {
        List<Map<String, JsonNode>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> axis : new java.util.TreeMap<>(sweep).entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> point : points) {
                for (JsonNode v : axis.getValue()) {
                    Map<String, JsonNode> p = new LinkedHashMap<>(point);
                    p.put(axis.getKey(), v);
                    next.add(p);
                }
            }
            points = next;
        }
        return points;
    }

    static String describe(Map<String, JsonNode> point) {
        if (point.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("[");
        point.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(k).append('=').append(v.asText()));
        return sb.append(']').toString();
    }

    static String cellId(SuiteSpec.ModelEntry m, String backend, boolean withBackend, String variant, int seed) {
        String raw = m.model() + "-w" + String.format(Locale.ROOT, "%s", m.width()) + (withBackend ? "_" + backend : "")
                + "_" + variant.replace("[", "-").replace("]", "").replace(",", "-") + "_s" + seed;
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.=_-]+", "-").replaceAll("-+$", "");
    }
}
