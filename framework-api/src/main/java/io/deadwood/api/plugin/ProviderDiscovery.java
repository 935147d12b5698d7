package io.deadwood.api.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
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
        Iterator<ServiceLoader.Provider<T>> it = ServiceLoader.load(service, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<T> provider;
            try {
                if (!it.hasNext()) break;
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                // The entry names a class that is missing or of the wrong type: the message names the class, the jar is the one listing it.
                String entry = listedClass(e.getMessage());
                broken.add(new BrokenProvider(entry == null ? "(service entry)" : entry, listingJar(service, loader, entry),
                        reason(e)));
                continue;
            }
            try {
                found.add(provider.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                broken.add(new BrokenProvider(provider.type().getName(), jarOf(provider.type()), reason(e)));
            }
        }
        return new Found<>(found, broken);
    }

    /** The jar (or class folder) a class was loaded from, as a path; "unknown" when the JVM does not say. */
    public static String jarOf(Class<?> type) {
        CodeSource src = type.getProtectionDomain().getCodeSource();
        URL url = src == null ? null : src.getLocation();
        return url == null ? "unknown" : location(url);
    }

    private static String reason(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** "...: Provider a.b.C not found" and "...: a.b.C not a subtype" both name the class after the colon. */
    private static String listedClass(String message) {
        if (message == null) return null;
        int colon = message.indexOf(": ");
        if (colon < 0) return null;
        for (String word : message.substring(colon + 2).split("\\s+")) {
            if (word.contains(".") && !word.endsWith(".")) return word;
        }
        return null;
    }

    private static String listingJar(Class<?> service, ClassLoader loader, String entry) {
        if (entry == null) return "unknown";
        try {
            Enumeration<URL> files = loader.getResources("META-INF/services/" + service.getName());
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                try (var in = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
                    if (in.lines().map(l -> l.replaceFirst("#.*", "").strip()).anyMatch(entry::equals)) {
                        String s = file.toString();
                        int bang = s.indexOf("!/");
                        return bang > 0 && s.startsWith("jar:") ? location(java.net.URI.create(s.substring(4, bang)).toURL())
                                : location(java.net.URI.create(s.substring(0, s.length() - ("META-INF/services/" + service.getName()).length())).toURL());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String location(URL url) {
        try {
            return java.nio.file.Path.of(url.toURI()).toString();
        } catch (Exception e) {
            return url.toString();
        }
    }
}
