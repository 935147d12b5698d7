package io.deadwood.api.data;

import java.nio.file.Path;

/**
 * Names a data set on the command line and in configs: {@code fashion-mnist} (the default),
 * {@code idx:DIR} for any data in the MNIST layout, {@code cifar10:DIR} and {@code cifar100:DIR}
 * for the CIFAR binary versions.
 */
public final class DataSpecs {
    public static final String DEFAULT = FashionMnist.SPEC;
    static final String ACCEPTED = "fashion-mnist, idx:DIR, cifar10:DIR or cifar100:DIR";

    private static final String IDX = "idx:";
    private static final String CIFAR10 = "cifar10:";
    private static final String CIFAR100 = "cifar100:";

    private DataSpecs() {
    }

    public static DataSplits load(String spec) {
        String s = normalise(spec);
        if (s.equals(DEFAULT)) return FashionMnist.load();
        if (s.startsWith(IDX)) return IdxDataset.load(folder(s, IDX), s);
        if (s.startsWith(CIFAR100)) return CifarReader.loadCifar100(folder(s, CIFAR100), s);
        if (s.startsWith(CIFAR10)) return CifarReader.loadCifar10(folder(s, CIFAR10), s);
        throw unknown(spec);
    }

    /** Checks the form of a spec without touching the disk, so configs fail before a run starts. */
    public static String validate(String spec) {
        String s = normalise(spec);
        if (s.equals(DEFAULT)) return s;
        for (String prefix : new String[] {IDX, CIFAR10, CIFAR100}) {
            if (s.startsWith(prefix)) {
                folder(s, prefix);
                return s;
            }
        }
        throw unknown(spec);
    }

    /** CIFAR is colour photographs of objects, where mirroring keeps the class; MNIST-like data is not. */
    public static boolean isCifar(String spec) {
        String s = normalise(spec);
        return s.startsWith(CIFAR10) || s.startsWith(CIFAR100);
    }

    private static String normalise(String spec) {
        return spec == null || spec.isBlank() ? DEFAULT : spec.strip();
    }

    private static Path folder(String spec, String prefix) {
        String dir = spec.substring(prefix.length()).strip();
        if (dir.isEmpty()) {
            throw new DataException("data spec '" + spec + "' names no folder; write " + prefix + "DIR");
        }
        return Path.of(dir);
    }

    private static DataException unknown(String spec) {
        return new DataException("unknown data spec '" + spec + "'; accepted forms: " + ACCEPTED);
    }
}
