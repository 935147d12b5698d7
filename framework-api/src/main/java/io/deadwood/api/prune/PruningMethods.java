package io.deadwood.api.prune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.plugin.BrokenProvider;
import io.deadwood.api.plugin.Discovery;
import io.deadwood.api.plugin.ProviderDiscovery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pruning methods on a class path (Deadwood's own and any plugin jars), each with its config
 * reader. A provider that fails to load is listed as broken with the reason; the rest still work.
 */
public final class PruningMethods {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // 1.5 for a count must be refused, not read as 1; whole numbers written as 2.0 are made
            // integers first (see wholeNumbers), so only real fractions reach this.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private final Map<String, PruningMethod<?>> methods;
    private final List<Broken> broken;

    /**
     * A provider that could not be loaded, and why. {@code source} is the jar (or class folder) its
     * service entry or class came from, or "unknown" when nothing points to one.
     */
    public record Broken(String provider, String source, String reason) {
        public Broken(String provider, String reason) {
            this(provider, "unknown", reason);
        }

        /** For messages: {@code plugin jar /p/x.jar failed to load (provider org.x.M): REASON}. */
        public String describe() {
            String where = source.endsWith(".jar") ? "plugin jar " + source : "the provider in " + source;
            String which = provider.startsWith("(") ? "" : " (provider " + provider + ")";
            return where + " failed to load" + which + ": " + reason;
        }
    }

    public PruningMethods(List<PruningMethod<?>> found, List<Broken> broken) {
        Discovery<PruningMethod<?>> d = Discovery.of(found,
                broken.stream().map(b -> new BrokenProvider(b.provider(), b.source(), b.reason())).toList(), PruningMethod::id, true);
        Map<String, PruningMethod<?>> byId = new LinkedHashMap<>();
        d.all().forEach(m -> byId.put(m.id(), m));
        this.methods = byId;
        this.broken = d.broken().stream().map(b -> new Broken(b.provider(), b.jar(), b.reason())).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PruningMethods discover(ClassLoader loader) {
        ProviderDiscovery.Found<PruningMethod> found = ProviderDiscovery.load(PruningMethod.class, loader);
        List<PruningMethod<?>> methods = new ArrayList<>();
        for (PruningMethod m : found.providers()) methods.add(m);
        return new PruningMethods(methods, found.broken().stream().map(b -> new Broken(b.provider(), b.jar(), b.reason())).toList());
    }

    public List<PruningMethod<?>> all() { return List.copyOf(methods.values()); }

    public List<Broken> broken() { return broken; }

    public PruningMethod<?> get(String id) {
        PruningMethod<?> m = methods.get(id);
        if (m == null) {
            String available = "available: " + String.join(", ", methods.keySet()) + " (see 'deadwood methods')";
            if (broken.isEmpty()) throw new DeadwoodException("unknown pruning method '" + id + "'; " + available);
            // A provider that failed to load cannot tell its id, so every failure is a suspect.
            if (broken.size() == 1) {
                throw new DeadwoodException("pruning method '" + id + "' is not available: " + broken.getFirst().describe()
                        + "; fix or remove that plugin if it is the one that provides '" + id + "'; " + available);
            }
            List<String> each = broken.stream().map(Broken::describe).toList();
            throw new DeadwoodException("pruning method '" + id + "' is not available, and " + broken.size()
                    + " providers failed to load (one may be it): " + String.join("; ", each) + "; " + available);
        }
        return m;
    }

    /** Reads a method's config from JSON; null or empty gives the method's default. */
    public static <C extends Record> C readConfig(PruningMethod<C> method, JsonNode json) {
        if (json == null || json.isNull() || (json.isObject() && json.isEmpty())) return method.defaultConfig();
        JsonNode merged = null;
        try {
            JsonNode defaults = JSON.valueToTree(method.defaultConfig());
            merged = merge(defaults.deepCopy(), wholeNumbers(json, defaults));
            return JSON.treeToValue(merged, method.configType());
        } catch (UnrecognizedPropertyException e) {
            throw new DeadwoodException("method '" + method.id() + "' has no setting '" + e.getPropertyName()
                    + "'; its settings are " + e.getKnownPropertyIds());
        } catch (MismatchedInputException e) {
            throw new DeadwoodException("invalid config for method '" + method.id() + "': " + mismatch(e, merged), e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DeadwoodException("invalid config for method '" + method.id() + "': " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new DeadwoodException("invalid config for method '" + method.id() + "': " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DeadwoodException("invalid config for method '" + method.id() + "': " + e.getMessage(), e);
        }
    }

    /**
     * A setting given as a whole number in floating-point form ({@code 2.0}, {@code 1e3}) where the
     * default is an integer becomes that integer; fractions stay as they are, for the reader to refuse.
     */
    private static JsonNode wholeNumbers(JsonNode given, JsonNode defaults) {
        if (!given.isObject() || defaults == null || !defaults.isObject()) return given;
        ObjectNode out = given.deepCopy();
        given.properties().forEach(e -> {
            JsonNode v = e.getValue(), d = defaults.get(e.getKey());
            if (d == null) return;
            if (v.isObject()) {
                out.set(e.getKey(), wholeNumbers(v, d));
            } else if (d.isIntegralNumber() && v.isFloatingPointNumber() && isWhole(v.doubleValue())) {
                out.set(e.getKey(), JsonNodeFactory.instance.numberNode((long) v.doubleValue()));
            }
        });
        return out;
    }

    private static boolean isWhole(double v) {
        return Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 0x1p53;
    }

    /** Names the setting a value of the wrong kind was given for. */
    private static String mismatch(MismatchedInputException e, JsonNode merged) {
        StringBuilder path = new StringBuilder();
        JsonNode value = merged;
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(ref.getFieldName());
                value = value == null ? null : value.get(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
                value = value == null ? null : value.get(ref.getIndex());
            }
        }
        String got = value == null ? "" : ", got " + value;
        Class<?> target = e.getTargetType();
        String what = path.isEmpty() ? "the config" : "setting '" + path + "'";
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class
                || target == short.class || target == Short.class || target == byte.class || target == Byte.class) {
            return what + " must be a whole number" + got;
        }
        if (target == null) return e.getOriginalMessage();
        String type = target.isPrimitive() ? target.getName() : target.getSimpleName();
        return what + " must be of type " + type + got;
    }

    /** Fields the user gave override the defaults, so a config names only what it changes. */
    private static JsonNode merge(JsonNode base, JsonNode over) {
        if (!over.isObject()) {
            throw new IllegalArgumentException("a method config must be a JSON object, got " + over.getNodeType());
        }
        var obj = (com.fasterxml.jackson.databind.node.ObjectNode) base;
        over.fields().forEachRemaining(e -> {
            JsonNode existing = obj.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                obj.set(e.getKey(), merge(existing.deepCopy(), e.getValue()));
            } else {
                obj.set(e.getKey(), e.getValue());
            }
        });
        return obj;
    }

    public static JsonNode toJson(Object config) {
        return JSON.valueToTree(config);
    }

    /** Opens a session, reading the config from JSON (the type bound is checked here once). */
    public static PruningSession open(PruningMethod<?> method, JsonNode config, PruningContext context) {
        return openTyped(method, config, context);
    }

    private static <C extends Record> PruningSession openTyped(PruningMethod<C> method, JsonNode json, PruningContext ctx) {
        return method.open(readConfig(method, json), ctx);
    }
}
