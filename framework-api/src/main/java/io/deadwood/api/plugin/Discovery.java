package io.deadwood.api.plugin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Providers of one service interface by id, as every registry keeps them (model families, data
 * sets, suite tables): a provider whose id is malformed ({@code [a-z0-9-]+}) or already taken joins
 * the broken ones with its jar, and the rest still work.
 *
 * @param <T> the service interface
 */
public final class Discovery<T> {
    private final Map<String, T> byId;
    private final List<BrokenProvider> broken;

    private Discovery(Map<String, T> byId, List<BrokenProvider> broken) {
        this.byId = byId;
        this.broken = List.copyOf(broken);
    }

    /** The providers a class loader finds, in class-path order, or sorted by id. */
    public static <T> Discovery<T> of(Class<T> service, ClassLoader loader, Function<T, String> id, boolean sortById) {
        ProviderDiscovery.Found<T> found = ProviderDiscovery.load(service, loader);
        return of(found.providers(), found.broken(), id, sortById);
    }

    public static <T> Discovery<T> of(List<T> found, List<BrokenProvider> broken, Function<T, String> id, boolean sortById) {
        List<T> order = new ArrayList<>(found);
        if (sortById) order.sort(Comparator.comparing(p -> safeId(id, p), Comparator.nullsFirst(Comparator.naturalOrder())));
        Map<String, T> byId = new LinkedHashMap<>();
        List<BrokenProvider> bad = new ArrayList<>(broken);
        for (T p : order) {
            String pid = safeId(id, p);
            String jar = ProviderDiscovery.jarOf(p.getClass());
            if (pid == null || !pid.matches("[a-z0-9-]+")) {
                bad.add(new BrokenProvider(p.getClass().getName(), jar, "id '" + pid + "' is not of the form [a-z0-9-]+"));
            } else if (byId.containsKey(pid)) {
                T first = byId.get(pid);
                bad.add(new BrokenProvider(p.getClass().getName(), jar, "id '" + pid + "' is already taken by "
                        + first.getClass().getName() + " (" + ProviderDiscovery.jarOf(first.getClass()) + ")"));
            } else {
                byId.put(pid, p);
            }
        }
        return new Discovery<>(byId, bad);
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

    public List<BrokenProvider> broken() { return broken; }

    /** The provider with this id, or null. */
    public T find(String id) { return byId.get(id); }

    /** "; PROVIDER in JAR failed to load: REASON" for each broken provider, for messages about a missing id. */
    public String brokenNote() {
        StringBuilder b = new StringBuilder();
        for (BrokenProvider x : broken) b.append("; ").append(x.provider()).append(" in ").append(x.jar())
                .append(" failed to load: ").append(x.reason());
        return b.toString();
    }
}
