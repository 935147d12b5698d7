package io.deadwood.tornado;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The compiled plans of one backend, by kernel and buffer capacities. Capacities are powers of
 * two, so a training run compiles each kernel a handful of times and then only reuses it.
 */
final class PlanCache implements AutoCloseable {
    final TornadoDevice device;
    final KernelStats stats;
    private final Map<String, KernelPlan> plans = new HashMap<>();
    private int counter;

    PlanCache(TornadoDevice device, KernelStats stats) {
        this.device = device;
        this.stats = stats;
    }

    /**
     * The plan for a kernel at these capacities, built by {@code build} (given the graph's unique
     * name) the first time.
     */
    KernelPlan get(String kind, int[] capacities, Function<String, KernelPlan> build) {
        StringBuilder key = new StringBuilder(kind);
        for (int c : capacities) key.append(':').append(c);
        return plans.computeIfAbsent(key.toString(), k -> build.apply(kind + "_" + counter++));
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (KernelPlan p : plans.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        plans.clear();
        if (!failures.isEmpty()) throw failures.getFirst();
    }
}
