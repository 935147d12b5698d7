package io.deadwood.reproduce.cli;

import io.deadwood.api.model.Models;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.TrainingDefaults;
import java.util.Optional;

import io.deadwood.api.backend.Backends;
import io.deadwood.api.train.ProgressListener;
import jakarta.inject.Inject;
import java.nio.file.Path;

/** Makes training runs wired to the process's backend and method registries. */
public final class TrainRuns {
    private final Backends backends;
    private final MethodCatalog methods;

    @Inject
    public TrainRuns(Backends backends, MethodCatalog methods) {
        this.backends = backends;
        this.methods = methods;
    }

    /** Registries found afresh: for tests and tools that run without the injector. */
    public static TrainRuns standalone() {
        return new TrainRuns(Backends.discover(), new MethodCatalog());
    }

    /**
     * The methods of a plugins folder (null: the default folder), found once; asked before a command
     * writes anything, so that a missing folder or a damaged jar stops it with nothing to undo.
     */
    public void checkPlugins(Path plugins) {
        methods.methods(plugins);
    }

    /** The method's own optimiser settings, or empty for a dense run or an unknown id (which fails later, named). */
    public Optional<TrainingDefaults> trainingDefaults(String method, Path plugins) {
        if (method == null) return Optional.empty();
        return methods.methods(plugins).all().stream().filter(m -> m.id().equals(method)).findFirst()
                .flatMap(PruningMethod::trainingDefaults);
    }

    /** The method registry for a plugins folder, shared with the runs this makes. */
    /** The class loader over a plugins folder, shared by every registry. */
    public ClassLoader loader(Path plugins) {
        return methods.loader(plugins);
    }

    public PruningMethods methods(Path plugins) {
        return methods.methods(plugins);
    }

    public TrainRun create(TrainConfig config, ProgressListener progress, Path plugins) {
        Models models = methods.models(plugins);
        if (!models.ids().contains(config.model())) {
            throw new UserError("unknown model '" + config.model() + "'; choose one of: " + String.join(", ", models.ids())
                    + models.brokenNote() + " (see 'deadwood models')");
        }
        return new TrainRun(config, progress, methods.methods(plugins), models, methods.datasets(plugins), backends);
    }
}
