package io.deadwood.api.plugin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads the providers of one service interface through a class loader (Deadwood's own, or the one
 * the command line builds over the plugins folder), keeping each provider that fails to load as a
 * {@link BrokenProvider} with its jar and reason instead of failing the whole lookup.
 */
public final class ProviderDiscovery {
    private ProviderDiscovery() {
    }

    /** What a lookup found: the providers that loaded, in class-path order, and the ones that did not. */
    public record Found<T>(List<T> providers, List<BrokenProvider> broken) {
        public Found {
            providers = List.copyOf(providers);
            broken = List.copyOf(broken);
        }
    }

    public static <T> Found<T> load(Class<T> service, ClassLoader loader) {
        List<T> found = new ArrayList<>();
        List<BrokenProvider> broken = new ArrayList<>();
        // ServiceLoader names the class that failed but not the jar; the service files say which jar listed it.
        ServiceSources sources = ServiceSources.scan(loader, service, broken);
        Iterator<ServiceLoader.Provider<T>> it = ServiceLoader.load(service, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<T> provider;
            try {
                if (!it.hasNext()) break;
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                broken.add(sources.broken(e));
                continue;
            }
            try {
                found.add(provider.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                broken.add(new BrokenProvider(provider.type().getName(), sources.source(provider.type()), cause.toString()));
            }
        }
        return new Found<>(found, broken);
    }

    /** The jar (or class folder) a class was loaded from, as a path; "unknown" when the JVM does not say. */
    public static String jarOf(Class<?> type) {
        return ServiceSources.of(type);
    }
}
