package io.deadwood.api.data;

import java.nio.file.Path;

/** Deadwood's own data sets, as providers of the same SPI a plugin implements. */
final class BuiltInProviders {
    private BuiltInProviders() {
    }

    /** A provider whose argument is a folder, required. */
    abstract static class FolderProvider implements DatasetProvider {
        @Override
        public String usage() {
            return id() + ":DIR";
        }

        @Override
        public void check(String argument) {
            if (argument.isEmpty()) {
                throw new DataException("data spec '" + id() + ":' names no folder; write " + id() + ":DIR");
            }
        }

        @Override
        public DataSplits open(String argument) {
            check(argument);
            return open(Path.of(argument), id() + ":" + argument);
        }

        abstract DataSplits open(Path folder, String spec);
    }

    /** Fashion-MNIST from its usual place, or from the folder given after the colon. */
    public static final class FashionMnistProvider implements DatasetProvider {
        @Override
        public String id() { return FashionMnist.SPEC; }

        @Override
        public String description() {
            return "Fashion-MNIST, 28x28 grey clothing images in 10 classes (from $" + FashionMnist.ENVIRONMENT_VARIABLE
                    + " or " + FashionMnist.SYSTEM_DIRECTORY + "; fashion-mnist:DIR for another folder)";
        }

        @Override
        public String usage() { return FashionMnist.SPEC + "[:DIR]"; }

        @Override
        public DataSplits open(String argument) {
            return argument.isEmpty() ? FashionMnist.load() : FashionMnist.load(Path.of(argument));
        }

        @Override
        public Augmentation augmentation() { return new Augmentation(Augmentation.MNIST_PADDING, false); }
    }

    /** Any grey-scale image classification set in the MNIST layout. */
    public static final class IdxProvider extends FolderProvider {
        @Override
        public String id() { return "idx"; }

        @Override
        public String description() {
            return "any grey-scale image set in the MNIST layout: a folder with the four IDX files (raw or .gz)";
        }

        @Override
        DataSplits open(Path folder, String spec) { return IdxDataset.load(folder, spec); }

        /** An idx: folder may hold digits, which mirrored are not digits: shifts only. */
        @Override
        public Augmentation augmentation() { return new Augmentation(Augmentation.MNIST_PADDING, false); }
    }

    /** CIFAR-10, binary version. */
    public static final class Cifar10Provider extends FolderProvider {
        @Override
        public String id() { return "cifar10"; }

        @Override
        public String description() {
            return "CIFAR-10, 32x32 colour photographs in 10 classes (the binary version's folder, or its parent)";
        }

        @Override
        DataSplits open(Path folder, String spec) { return CifarReader.loadCifar10(folder, spec); }

        @Override
        public Augmentation augmentation() { return new Augmentation(Augmentation.CIFAR_PADDING, true); }
    }

    /** CIFAR-100, binary version, fine labels. */
    public static final class Cifar100Provider extends FolderProvider {
        @Override
        public String id() { return "cifar100"; }

        @Override
        public String description() {
            return "CIFAR-100, 32x32 colour photographs in 100 fine classes (the binary version's folder, or its parent)";
        }

        @Override
        DataSplits open(Path folder, String spec) { return CifarReader.loadCifar100(folder, spec); }

        @Override
        public Augmentation augmentation() { return new Augmentation(Augmentation.CIFAR_PADDING, true); }
    }
}
