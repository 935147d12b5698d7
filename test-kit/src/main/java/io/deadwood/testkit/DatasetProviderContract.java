package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.data.Batch;
import io.deadwood.api.data.DataException;
import io.deadwood.api.data.DataLoader;
import io.deadwood.api.data.DataSplits;
import io.deadwood.api.data.Dataset;
import io.deadwood.api.data.DatasetProvider;
import io.deadwood.api.data.DatasetProviders;
import io.deadwood.api.data.Normalization;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DatasetProvider} promises. A subclass names the provider, an argument it opens
 * (write small files into a temporary folder rather than relying on installed data) and arguments
 * it must refuse.
 */
public abstract class DatasetProviderContract {

    /** The provider under test. */
    protected abstract DatasetProvider provider();

    /** An argument (the text after {@code ID:}; empty for none) that opens both splits. */
    protected abstract String validArgument();

    /** Arguments the provider must refuse with a {@link DataException} (a missing folder, a malformed value). */
    protected abstract List<String> badArguments();

    private DatasetProviders alone() {
        return new DatasetProviders(List.of(provider()), List.of());
    }

    private String spec(String argument) {
        return argument.isEmpty() ? provider().id() : provider().id() + ":" + argument;
    }

    private DataSplits open() {
        return alone().open(spec(validArgument()));
    }

    @Test
    void idDescriptionAndUsageArePlain() {
        DatasetProvider p = provider();
        assertTrue(p.id().matches("[a-z0-9-]+"), "id must match [a-z0-9-]+: " + p.id());
        assertEquals(p.id(), provider().id(), "the id is stable");
        assertFalse(p.description() == null || p.description().isBlank(), "a description is required");
        assertFalse(p.description().contains("\n"), "the description is one line");
        assertTrue(p.usage().startsWith(p.id()), "usage shows how to write the spec, starting with the id: " + p.usage());
    }

    @Test
    void isFoundByServiceLoader() {
        DatasetProviders found = DatasetProviders.discover(provider().getClass().getClassLoader());
        assertTrue(found.all().stream().anyMatch(p -> p.getClass().equals(provider().getClass())),
                provider().getClass().getName() + " is not listed in META-INF/services/" + DatasetProvider.class.getName()
                        + " (broken: " + found.broken() + ")");
    }

    @Test
    void splitsAreNonEmptyAndAgree() {
        DataSplits s = open();
        for (Dataset d : List.of(s.train(), s.test())) {
            assertTrue(d.count() > 0, d.name() + " is empty");
            assertTrue(d.shape().length >= 1 && d.shape().length <= 3, d.name() + " has a sample of rank " + d.shape().length);
            assertEquals(d.count() * d.sampleSize(), d.inputType() == Dataset.InputType.UINT8 ? d.pixels().length : d.inputs().length);
        }
        assertArrayEquals(s.train().shape(), s.test().shape());
        assertEquals(s.train().targetKind(), s.test().targetKind());
        assertEquals(s.train().outputs(), s.test().outputs());
    }

    @Test
    void targetsAreInRange() {
        DataSplits s = open();
        for (Dataset d : List.of(s.train(), s.test())) {
            if (d.targetKind() == Dataset.TargetKind.CLASSES) {
                assertTrue(d.numClasses() >= 2, d.name() + " has " + d.numClasses() + " classes");
                assertEquals(d.count(), d.labels().length);
                for (int label : d.labels()) assertTrue(label >= 0 && label < d.numClasses(), d.name() + ": label " + label);
            } else {
                assertTrue(d.targetSize() >= 1);
                assertEquals((long) d.count() * d.targetSize(), d.targets().length);
                for (float t : d.targets()) assertTrue(Float.isFinite(t), d.name() + ": target " + t);
            }
        }
    }

    @Test
    void opensTheSameDataEveryTime() {
        DataSplits a = open(), b = open();
        for (int i = 0; i < 2; i++) {
            Dataset x = i == 0 ? a.train() : a.test(), y = i == 0 ? b.train() : b.test();
            assertEquals(x.count(), y.count());
            if (x.inputType() == Dataset.InputType.UINT8) assertArrayEquals(x.pixels(), y.pixels(), x.name());
            else assertArrayEquals(x.inputs(), y.inputs(), x.name());
            if (x.targetKind() == Dataset.TargetKind.CLASSES) assertArrayEquals(x.labels(), y.labels(), x.name());
            else assertArrayEquals(x.targets(), y.targets(), x.name());
        }
    }

    @Test
    void refusesBadArgumentsByName() {
        assertFalse(badArguments().isEmpty(), "give at least one argument the provider must refuse");
        for (String bad : badArguments()) {
            String spec = spec(bad);
            var e = assertThrows(DataException.class, () -> alone().open(spec),
                    "'" + spec + "' must be refused with a DataException");
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().contains(bad.isEmpty() ? provider().id() : bad) || e.getMessage().contains(provider().id()),
                    "the message must name the spec or the file: " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "the message is one line: " + e.getMessage());
        }
    }

    @Test
    void checkAcceptsTheValidArgument() {
        assertDoesNotThrow(() -> provider().check(validArgument()));
    }

    @Test
    void loadsIntoFiniteBatchesWithItsOwnAugmentation() {
        Dataset train = open().train();
        Normalization norm = Normalization.fromTraining(train);
        DataLoader loader = new DataLoader(train, 8, norm, provider().augmentation(), true, false, 1);
        Batch b = loader.epoch(0).next();
        int n = Math.min(8, train.count());
        assertArrayEquals(new int[] {n, train.channels(), train.height(), train.width()}, b.images().shape());
        for (float v : b.images().data()) assertTrue(Float.isFinite(v), "normalised input " + v);
        if (train.targetKind() == Dataset.TargetKind.CLASSES) assertEquals(n, b.labels().length);
        else assertEquals(n * train.targetSize(), b.targets().length);
    }
}
