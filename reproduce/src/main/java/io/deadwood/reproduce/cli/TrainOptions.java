package io.deadwood.reproduce.cli;

import io.deadwood.api.prune.TrainingDefaults;
import java.util.Optional;

import picocli.CommandLine.Option;

/** The training options of {@code deadwood train}, resolved into a {@link TrainConfig}. */
public final class TrainOptions {
    @Option(names = "--model", defaultValue = "mlp", description = "Model name (see 'deadwood models'). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--width", defaultValue = "1.0", description = "Width multiplier. Default: ${DEFAULT-VALUE}.")
    double width;

    @Option(names = "--data", defaultValue = "fashion-mnist",
            description = "A data set: fashion-mnist, idx:DIR, cifar10:DIR, cifar100:DIR or a plugin's (see 'deadwood datasets'). "
                    + "Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--optimizer", description = "sgd or adamw. Default: the method's own optimiser where it names one, else sgd.")
    String optimizer;

    @Option(names = "--lr", description = "Peak learning rate. Default: 0.05 for sgd, 0.001 for adamw.")
    Double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum for SGD.")
    boolean nesterov;

    @Option(names = "--weight-decay", description = "Decoupled weight decay. Default: 5e-4.")
    Double weightDecay;

    @Option(names = "--schedule", defaultValue = "cosine+warmup",
            description = "constant, step, cosine or one-cycle, optionally +warmup[=STEPS|FRACTION] "
                    + "(a linear warm-up; 5%% of the run when no length is given). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--label-smoothing", defaultValue = "0", description = "Label smoothing. Default: ${DEFAULT-VALUE}.")
    double labelSmoothing;

    @Option(names = "--augment", description = "Random crop with padding (and flips for CIFAR).")
    boolean augment;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for initialisation, data order and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--backend", defaultValue = "auto", description = "auto or a backend id (see 'deadwood backends'). Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = all cores). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--train-limit", defaultValue = "0", description = "Use only the first N training images (0 = all).")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "0", description = "Evaluate on the first N test images only (0 = all).")
    int testLimit;

    @Option(names = "--val-split", defaultValue = "0", paramLabel = "N|FRACTION",
            description = "Carve a validation slice off the end of the training split (images, or a fraction) and "
                    + "report the final network's accuracy on it; choose settings on it, not on the test split.")
    double valSplit;

    @Option(names = "--method", paramLabel = "ID", description = "Pruning method (see 'deadwood methods'); none trains dense.")
    String method;

    @Option(names = "--method-config", paramLabel = "JSON|FILE",
            description = "The method's settings as a JSON object or a JSON file; unset ones keep their defaults.")
    String methodConfig;

    TrainConfig toConfig() {
        return toConfig(Optional.empty());
    }

    /** Whether the user left the whole optimiser to the defaults, so that a method may pick its own. */
    boolean optimizerUnset() {
        return optimizer == null && lr == null && weightDecay == null;
    }

    /** Resolves the options; {@code methodDefaults} apply only when the user named no optimiser setting. */
    TrainConfig toConfig(Optional<TrainingDefaults> methodDefaults) {
        if (methodConfig != null && method == null) throw new UserError("--method-config needs --method");
        Optional<TrainingDefaults> own = optimizerUnset() ? methodDefaults : Optional.empty();
        String opt = own.map(TrainingDefaults::optimizer).orElse(optimizer == null ? "sgd" : optimizer);
        double resolvedLr = own.map(TrainingDefaults::lr).orElse(lr != null ? lr : ("adamw".equals(opt) ? 1e-3 : 0.05));
        double decay = own.map(TrainingDefaults::weightDecay).orElse(weightDecay == null ? 5e-4 : weightDecay);
        return new TrainConfig(model, width, data, epochs, batch, opt, resolvedLr, momentum, nesterov,
                decay, schedule, labelSmoothing, augment, seed, backend, threads, trainLimit, testLimit, valSplit, method,
                JsonArgument.read("--method-config", methodConfig));
    }
}
