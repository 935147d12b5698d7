package io.deadwood.api.report;

import io.deadwood.api.DeadwoodException;
import io.deadwood.api.plugin.BrokenProvider;
import io.deadwood.api.plugin.Discovery;
import io.deadwood.api.plugin.ProviderDiscovery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite table kinds on a class path (Deadwood's own and any plugin jars). A provider that fails
 * to load, or whose id is malformed or taken, is listed as broken; the rest still work.
 */
public final class SuiteTables {
    private final Map<String, SuiteTable> byId;
    private final List<BrokenProvider> broken;

    public SuiteTables(List<SuiteTable> found, List<BrokenProvider> broken) {
        Discovery<SuiteTable> d = Discovery.of(found, broken, SuiteTable::id, true);
        this.byId = new LinkedHashMap<>();
        d.all().forEach(x -> byId.put(x.id(), x));
        this.broken = d.broken();
    }

    public static SuiteTables discover(ClassLoader loader) {
        var found = ProviderDiscovery.load(SuiteTable.class, loader);
        return new SuiteTables(found.providers(), found.broken());
    }

    /** The working providers, by id. */
    public List<SuiteTable> all() { return List.copyOf(byId.values()); }

    public List<BrokenProvider> broken() { return broken; }

    /** The table kind for a suite's {@code table:} value; unknown ids are refused with the known ones and any broken plugin named. */
    public SuiteTable get(String id) {
        SuiteTable t = byId.get(id);
        if (t != null) return t;
        StringBuilder msg = new StringBuilder("unknown suite table '" + id + "'; available: " + String.join(", ", byId.keySet()));
        for (BrokenProvider b : broken) {
            msg.append("; ").append(b.provider()).append(" in ").append(b.jar()).append(" failed to load: ").append(b.reason());
        }
        throw new DeadwoodException(msg.append(" (a plugin table goes in the plugins folder; see docs/tables.md)").toString());
    }
}
