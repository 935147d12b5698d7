package io.deadwood.api.prune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.deadwood.api.DeadwoodException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The pruning methods on a class path (Deadwood's own and any plugin jars), each with its config
 * reader. A provider that fails to load is listed as broken with the reason; the rest still work.
 */
public final class PruningMethods {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, PruningMethod<?>> methods;
    private final List<Broken> broken;

    /** A provider that could not be loaded, and why. */
    public record Broken(String provider, String reason) {
    }

    public PruningMethods(List<PruningMethod<?>> found, List<Broken> broken) {
        Map<String, PruningMethod<?>> byId = new LinkedHashMap<>();
        List<Broken> bad = new ArrayList<>(broken);
        List<PruningMethod<?>> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(PruningMethod::id));
        for (PruningMethod<?> m : sorted) {
            if (!m.id().matches("[a-z0-9-]+")) {
                bad.add(new Broken(m.getClass().getName(), "id '" + m.id() + "' is not of the form [a-z0-9-]+"));
            } else if (byId.containsKey(m.id())) {
                bad.add(new Broken(m.getClass().getName(), "id '" + m.id() + "' is already taken by "
                        + byId.get(m.id()).getClass().getName()));
            } else {
                byId.put(m.id(), m);
            }
        }
        this.methods = byId;
        this.broken = List.copyOf(bad);
    }

    public static PruningMethods discover(ClassLoader loader) {
        List<PruningMethod<?>> found = new ArrayList<>();
        List<Broken> broken = new ArrayList<>();
        Iterator<ServiceLoader.Provider<PruningMethod>> it = ServiceLoader.load(PruningMethod.class, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<PruningMethod> provider;
            try {
                if (!it.hasNext()) break;
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                broken.add(new Broken("(service entry)", e.getMessage()));
                continue;
            }
            try {
                found.add(provider.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                broken.add(new Broken(provider.type().getName(), cause.toString()));
            }
        }
        return new PruningMethods(found, broken);
    }

    public List<PruningMethod<?>> all() { return List.copyOf(methods.values()); }

    public List<Broken> broken() { return broken; }

    public PruningMethod<?> get(String id) {
        PruningMethod<?> m = methods.get(id);
        if (m == null) {
            throw new DeadwoodException("unknown pruning method '" + id + "'; available: "
                    + String.join(", ", methods.keySet()) + " (see 'deadwood methods')");
        }
        return m;
    }

    /** Reads a method's config from JSON; null or empty gives the method's default. */
    public static <C extends Record> C readConfig(PruningMethod<C> method, JsonNode json) {
        if (json == null || json.isNull() || (json.isObject() && json.isEmpty())) return method.defaultConfig();
        try {
            JsonNode defaults = JSON.valueToTree(method.defaultConfig());
            JsonNode merged = merge(defaults.deepCopy(), json);
            return JSON.treeToValue(merged, method.configType());
        } catch (UnrecognizedPropertyException e) {
            throw new DeadwoodException("method '" + method.id() + "' has no setting '" + e.getPropertyName()
                    + "'; its settings are " + e.getKnownPropertyIds());
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DeadwoodException("invalid config for method '" + method.id() + "': " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new DeadwoodException("invalid config for method '" + method.id() + "': " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DeadwoodException("invalid config for method '" + method.id() + "': " + e.getMessage(), e);
        }
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
