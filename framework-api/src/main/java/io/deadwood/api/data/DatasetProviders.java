package io.deadwood.api.data;

import io.deadwood.api.plugin.BrokenProvider;
import io.deadwood.api.plugin.Discovery;
import io.deadwood.api.plugin.ProviderDiscovery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data set providers on a class path (Deadwood's own and any plugin jars), and the one place a
 * spec ({@code ID} or {@code ID:ARGUMENT}) is taken apart. A provider that fails to load, or whose
 * id is malformed or taken, is listed as broken; the rest still work.
 */
public final class DatasetProviders {
    /** The spec used when none is given. */
    public static final String DEFAULT = FashionMnist.SPEC;

    private final Map<String, DatasetProvider> byId;
    private final List<BrokenProvider> broken;

    public DatasetProviders(List<DatasetProvider> found, List<BrokenProvider> broken) {
        Discovery<DatasetProvider> d = Discovery.of(found, broken, DatasetProvider::id, true);
        this.byId = new LinkedHashMap<>();
        d.all().forEach(x -> byId.put(x.id(), x));
        this.broken = d.broken();
    }

    public static DatasetProviders discover(ClassLoader loader) {
        var found = ProviderDiscovery.load(DatasetProvider.class, loader);
        return new DatasetProviders(found.providers(), found.broken());
    }

    /** Deadwood's own providers (and any on its class path), found once. */
    public static DatasetProviders builtIn() {
        return BuiltIn.PROVIDERS;
    }

    private static final class BuiltIn {
        static final DatasetProviders PROVIDERS = discover(DatasetProviders.class.getClassLoader());
    }

    /** The working providers, by id. */
    public List<DatasetProvider> all() { return List.copyOf(byId.values()); }

    public List<BrokenProvider> broken() { return broken; }

    /** The spec as written, stripped; the default when null or blank. */
    public static String normalise(String spec) {
        return spec == null || spec.isBlank() ? DEFAULT : spec.strip();
    }

    /** The provider a spec names. */
    public DatasetProvider provider(String spec) {
        String s = normalise(spec);
        int colon = s.indexOf(':');
        String id = colon < 0 ? s : s.substring(0, colon).strip();
        DatasetProvider p = byId.get(id);
        if (p != null) return p;
        StringBuilder msg = new StringBuilder("unknown data set '" + s + "'; available: ");
        msg.append(String.join(", ", byId.values().stream().map(DatasetProvider::usage).toList()));
        for (BrokenProvider b : broken) {
            msg.append("; ").append(b.provider()).append(" in ").append(b.jar()).append(" failed to load: ").append(b.reason());
        }
        throw new DataException(msg.append(" (see 'deadwood datasets')").toString());
    }

    /** Checks a spec's form without reading any data; returns it normalised. */
    public String check(String spec) {
        String s = normalise(spec);
        DatasetProvider p = provider(s);
        try {
            p.check(argument(s));
        } catch (IllegalArgumentException e) {
            throw new DataException("data set '" + s + "': " + e.getMessage(), e);
        }
        return s;
    }

    /**
     * Opens both splits. A provider's own failure that is not a {@link DataException} (a bug, or data
     * the {@link Dataset} checks refuse) is reported naming the provider and its jar.
     */
    public DataSplits open(String spec) {
        String s = check(spec);
        DatasetProvider p = provider(s);
        DataSplits splits;
        try {
            splits = p.open(argument(s));
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException("data set provider '" + p.id() + "' (" + ProviderDiscovery.jarOf(p.getClass())
                    + ") failed to open '" + s + "': " + e, e);
        }
        if (splits == null || splits.train() == null || splits.test() == null) {
            throw new DataException("data set provider '" + p.id() + "' (" + ProviderDiscovery.jarOf(p.getClass())
                    + ") returned no splits for '" + s + "'");
        }
        return new DataSplits(s, splits.train(), splits.test());
    }

    /** The augmentation to train with: the provider's own when enabled, none otherwise. */
    public Augmentation augmentation(String spec, boolean enabled) {
        return enabled ? provider(spec).augmentation() : Augmentation.none();
    }

    /** The text after the first colon, stripped; empty when there is none. */
    static String argument(String normalisedSpec) {
        int colon = normalisedSpec.indexOf(':');
        return colon < 0 ? "" : normalisedSpec.substring(colon + 1).strip();
    }
}
