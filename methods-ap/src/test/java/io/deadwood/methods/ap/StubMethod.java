package io.deadwood.methods.ap;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.prune.Statistic;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A base method for AP's tests: masks fixed positions of the model's first kernel and records what it saw. */
final class StubMethod implements PruningMethod<StubMethod.Config> {

    record Config(int cycles, List<Integer> prune, double rate, String rewind) {
    }

    final List<Stub> sessions = new ArrayList<>();

    @Override public String id() { return "stub"; }
    @Override public String description() { return "test base method"; }
    @Override public Class<Config> configType() { return Config.class; }
    @Override public Config defaultConfig() { return new Config(2, List.of(), 0.5, "cycle-start"); }

    @Override
    public PruningSession open(Config config, PruningContext context) {
        Stub s = new Stub(config, context);
        sessions.add(s);
        return s;
    }

    static final class Stub implements PruningSession {
        final Config config;
        final PruningContext context;
        final List<String> calls = new ArrayList<>();

        Stub(Config config, PruningContext context) {
            this.config = config;
            this.context = context;
        }

        @Override public int cycles() { return config.cycles(); }
        @Override public Set<Statistic> statistics() { return Set.of(Statistic.DEAD_UNITS); }
        @Override public void onCycleStart(int cycle) { calls.add("start " + cycle); }
        @Override public void afterBackward(StepContext step) { calls.add("afterBackward"); }

        @Override
        public void onCycleEnd(int cycle) {
            calls.add("end " + cycle);
            if (cycle == cycles() - 1 || config.prune().isEmpty()) return;
            Parameter first = context.model().parameters().stream().filter(Parameter::decayed).findFirst().orElseThrow();
            Tensor mask = Tensor.zeros(first.value().shape());
            mask.fill(1f);
            for (int i : config.prune()) mask.set(i, 0f);
            context.pruner().maskWeights(first, mask);
        }
    }
}
