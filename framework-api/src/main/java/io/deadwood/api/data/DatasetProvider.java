package io.deadwood.api.data;

/**
 * A data set, found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.deadwood.api.data.DatasetProvider} of a jar in the plugins folder (or
 * on the class path) and {@code deadwood train --data ID} trains on it.
 *
 * <p>A spec is {@code ID} or {@code ID:ARGUMENT}: the id picks the provider and the argument, often a
 * folder, is the provider's to read ({@code cifar10:/data/cifar-10-batches-bin}). A provider is
 * stateless and may be asked for the same spec many times (a suite opens it once per run), so it
 * must return equal data each time: reproducible runs depend on it.
 *
 * <p>Every problem the user can fix (a missing folder, a damaged file, an argument of the wrong
 * form) is a {@link DataException} whose message names the spec or file, what is wrong and what to
 * do; the command line prints it as one {@code error:} line and exits with code 2.
 */
public interface DatasetProvider {

    /** Stable id, {@code [a-z0-9-]+}: what users type before the colon. */
    String id();

    /** One line for {@code deadwood datasets}. */
    String description();

    /** How a spec for this provider is written, for listings and messages: {@code cifar10:DIR}; the id alone by default. */
    default String usage() {
        return id();
    }

    /**
     * Checks the form of an argument without reading anything, so that a bad config fails before a run
     * starts. Accepts everything by default.
     *
     * @param argument the text after {@code ID:}, stripped; empty when the spec is the id alone
     * @throws DataException naming the spec and the form expected
     */
    default void check(String argument) {
    }

    /**
     * Reads the training and the test split.
     *
     * @param argument the text after {@code ID:}, stripped; empty when the spec is the id alone
     * @throws DataException when the argument is wrong or the data cannot be read
     */
    DataSplits open(String argument);

    /**
     * The augmentation {@code deadwood train --augment} applies: none by default. Crop and flip work
     * on byte images only; real-valued sets keep the default.
     */
    default Augmentation augmentation() {
        return Augmentation.none();
    }
}
