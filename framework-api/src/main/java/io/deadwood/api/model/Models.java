package io.deadwood.api.model;

import io.deadwood.api.plugin.BrokenProvider;
import io.deadwood.api.plugin.Discovery;
import io.deadwood.api.plugin.ProviderDiscovery;
import java.util.Arrays;
import java.util.List;

/** The model families on a class path (Deadwood's own and any plugin jars), by id. */
public final class Models {
    private static final Models BUILT_IN = discover(Models.class.getClassLoader());

    private final Discovery<ModelProvider> providers;

    private Models(Discovery<ModelProvider> providers) {
        this.providers = providers;
    }

    public static Models discover(ClassLoader loader) {
        return new Models(Discovery.of(ModelProvider.class, loader, ModelProvider::id, false));
    }

    /** The families Deadwood ships with. */
    public static Models builtIn() { return BUILT_IN; }

    public List<String> ids() { return providers.ids(); }

    public List<ModelProvider> all() { return providers.all(); }

    /** "; PROVIDER in JAR failed to load: REASON" for each broken plugin, for messages about a missing id. */
    public String brokenNote() { return providers.brokenNote(); }

    public List<BrokenProvider> broken() { return providers.broken(); }

    /**
     * Builds an uninitialised model; call {@link Model#initialize(long)}.
     *
     * @throws IllegalArgumentException for an unknown id, a width that is not positive, an input the
     *     network cannot take, or a provider whose model does not match what was asked
     */
    public Model create(String id, double width, int[] inputShape, int numClasses) {
        ModelProvider provider = providers.find(id);
        if (provider == null) {
            throw new IllegalArgumentException("unknown model '" + id + "'; choose one of: " + String.join(", ", providers.ids())
                    + providers.brokenNote());
        }
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("width must be a positive number, got " + width);
        }
        if (inputShape == null || inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("input shape must have positive sizes, got " + Arrays.toString(inputShape));
        }
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        Model m = provider.create(inputShape.clone(), numClasses, width);
        if (m == null || !m.name().equals(id) || !Arrays.equals(m.inputShape(), inputShape) || m.numClasses() != numClasses) {
            throw new IllegalStateException("model provider " + provider.getClass().getName() + " (" + ProviderDiscovery.jarOf(provider.getClass())
                    + ") returned " + (m == null ? "null" : "a model named '" + m.name() + "' for input " + Arrays.toString(m.inputShape())
                    + " with " + m.numClasses() + " classes") + " when asked for '" + id + "' on " + Arrays.toString(inputShape)
                    + " with " + numClasses + " classes");
        }
        return m;
    }
}
