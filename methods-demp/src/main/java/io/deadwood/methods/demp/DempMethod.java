package io.deadwood.methods.demp;

import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.prune.TrainingDefaults;
import java.util.Optional;

/**
 * DemP (Dufort-Labbe et al. 2024, "Maxwell's Demon at Work"): grows dead units on purpose with a
 * scheduled regulariser and noise on the updates of live units, and cuts them out physically as
 * they die, so the rest of the run trains a narrower, cheaper network.
 */
public final class DempMethod implements PruningMethod<DempConfig> {

    @Override
    public String id() { return "demp"; }

    @Override
    public String description() {
        return "DemP: scheduled L1 on BatchNorm scales and noise on live units make units die; dead units are cut "
                + "out during training";
    }

    @Override
    public Class<DempConfig> configType() { return DempConfig.class; }

    @Override
    public DempConfig defaultConfig() { return DempConfig.DEFAULT; }

    /** The paper's VGG-16 runs: AdamW, lr 5e-3, weight decay 5e-4 (see docs/fidelity.md). */
    @Override
    public Optional<TrainingDefaults> trainingDefaults() {
        return Optional.of(new TrainingDefaults("adamw", 5e-3, 5e-4, "DemP's public VGG-16 scripts"));
    }

    @Override
    public PruningSession open(DempConfig config, PruningContext context) {
        return new DempSession(config, context);
    }
}
