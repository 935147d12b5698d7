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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Providers of one service interface found on a class path (Deadwood's own and any plugin jars),
 * by id, in class-path order. A provider that cannot be loaded, constructed or named is kept as {@link Broken}, with the
 * jar it came from and the reason, so the others still work and a command that asks for it can say
 * why it is missing.
 *
 * @param <T> the service interface
 */
public final class Discovery<T> {
    private final String what;
    private final Map<String, T> byId;
    private final List<Broken> broken;

    /** A provider that could not be used: its class (or service entry), its jar, and why. */
    public record Broken(String provider, String jar, String reason) {
        @Override
        public String toString() {
            return provider + " (" + jar + "): " + reason;
        }
    }

    private Discovery(String what, Map<String, T> byId, List<Broken> broken) {
        this.what = what;
        this.byId = byId;
        this.broken = List.copyOf(broken);
    }

    /**
     * @param what a plain name for the service in messages ("model", "data set")
     * @param id   reads a provider's id; ids must be of the form {@code [a-z0-9-]+} and unique
     */
    public static <T> Discovery<T> of(Class<T> service, ClassLoader loader, String what, Function<T, String> id) {
        List<T> found = new ArrayList<>();
        List<Broken> broken = new ArrayList<>();
        Iterator<ServiceLoader.Provider<T>> it = ServiceLoader.load(service, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<T> provider;
            try {
                if (!it.hasNext()) break;
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                broken.add(badEntry(service, loader, e));
                continue;
            }
            try {
                found.add(provider.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                broken.add(new Broken(provider.type().getName(), jarOf(provider.type()), cause.toString()));
            }
        }
        Map<String, T> byId = new LinkedHashMap<>();
        for (T p : found) {
            String pid = safeId(id, p);
            if (pid == null || !pid.matches("[a-z0-9-]+")) {
                broken.add(new Broken(p.getClass().getName(), jarOf(p.getClass()), "id '" + pid + "' is not of the form [a-z0-9-]+"));
            } else if (byId.containsKey(pid)) {
                broken.add(new Broken(p.getClass().getName(), jarOf(p.getClass()), "id '" + pid + "' is already taken by "
                        + byId.get(pid).getClass().getName() + " (" + jarOf(byId.get(pid).getClass()) + ")"));
            } else {
                byId.put(pid, p);
            }
        }
        return new Discovery<>(what, byId, broken);
    }

    private static <T> String safeId(Function<T, String> id, T p) {
        try {
            return id.apply(p);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public List<String> ids() { return List.copyOf(byId.keySet()); }

    public List<T> all() { return List.copyOf(byId.values()); }

    public List<Broken> broken() { return broken; }

    public boolean has(String id) { return byId.containsKey(id); }

    /**
     * The provider with this id.
     *
     * @throws IllegalArgumentException naming the choices, and the broken plugins when any might be it
     */
    public T get(String id) {
        T p = byId.get(id);
        if (p != null) return p;
        StringBuilder msg = new StringBuilder("unknown " + what + " '" + id + "'; choose one of: " + String.join(", ", byId.keySet()));
        for (Broken b : broken) msg.append("; plugin ").append(b);
        throw new IllegalArgumentException(msg.toString());
    }

    /** Where a class was loaded from: its jar's file name, or "(built in)" for Deadwood's own. */
    public static String jarOf(Class<?> type) {
        CodeSource src = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
        if (src == null || src.getLocation() == null) return "unknown location";
        String path = src.getLocation().getPath();
        return path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
    }

    /** A service entry that names a class that is missing or not a provider: find the jar whose entry lists it. */
    private static Broken badEntry(Class<?> service, ClassLoader loader, ServiceConfigurationError e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String jar = "unknown jar";
        try {
            Enumeration<URL> files = loader.getResources("META-INF/services/" + service.getName());
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                if (mentionsEntryOf(file, message)) {
                    String path = file.getPath();
                    int bang = path.indexOf('!');
                    String jarPath = bang >= 0 ? path.substring(0, bang) : path;
                    jar = jarPath.substring(jarPath.lastIndexOf('/') + 1);
                    break;
                }
            }
        } catch (IOException ignored) {
            // the reason alone still says what is wrong
        }
        return new Broken("(service entry)", jar, message);
    }

    private static boolean mentionsEntryOf(URL file, String message) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String entry = line.replaceAll("#.*", "").trim();
                if (!entry.isEmpty() && message.contains(entry)) return true;
            }
        }
        return false;
    }
}
