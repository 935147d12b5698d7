package io.deadwood.api.data;

/**
 * Names a data set on the command line and in configs with Deadwood's own providers only:
 * {@code fashion-mnist} (the default), {@code idx:DIR} for any data in the MNIST layout,
 * {@code cifar10:DIR} and {@code cifar100:DIR} for the CIFAR binary versions. Code that should also
 * see plugin data sets uses a {@link DatasetProviders} built over the plugins' class loader.
 */
public final class DataSpecs {
    public static final String DEFAULT = DatasetProviders.DEFAULT;

    private DataSpecs() {
    }

    public static DataSplits load(String spec) {
        return DatasetProviders.builtIn().open(spec);
    }

    /** Checks the form of a spec without touching the disk, so configs fail before a run starts. */
    public static String validate(String spec) {
        return DatasetProviders.builtIn().check(spec);
    }

    /** CIFAR is colour photographs of objects, where mirroring keeps the class; MNIST-like data is not. */
    public static boolean isCifar(String spec) {
        String s = DatasetProviders.normalise(spec);
        return s.startsWith("cifar10:") || s.startsWith("cifar100:");
    }
}
