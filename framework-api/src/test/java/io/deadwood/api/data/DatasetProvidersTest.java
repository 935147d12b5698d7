package io.deadwood.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.plugin.BrokenProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Specs are taken apart in one place; bad providers are kept out by name, and their failures named. */
class DatasetProvidersTest {

    private static DatasetProvider provider(String id, java.util.function.Function<String, DataSplits> open) {
        return new DatasetProvider() {
            @Override public String id() { return id; }
            @Override public String description() { return "test set " + id; }
            @Override public DataSplits open(String argument) { return open.apply(argument); }
        };
    }

    private static DataSplits tiny(String argument) {
        Dataset d = Dataset.classification("tiny", new float[] {1, 2}, new int[] {1}, new int[] {0, 1}, 2, List.of());
        return new DataSplits(argument, d, d);
    }

    @Test
    void theBuiltInsAreProviders() {
        assertEquals(List.of("cifar10", "cifar100", "fashion-mnist", "idx"),
                DatasetProviders.builtIn().all().stream().map(DatasetProvider::id).toList());
        assertEquals(List.of(), DatasetProviders.builtIn().broken());
    }

    @Test
    void theArgumentIsEverythingAfterTheFirstColon() {
        List<String> seen = new java.util.ArrayList<>();
        var providers = new DatasetProviders(List.of(provider("toy", a -> {
            seen.add(a);
            return tiny(a);
        })), List.of());
        DataSplits s = providers.open(" toy: a:b ");
        assertEquals("toy: a:b", s.spec(), "the splits carry the spec as written, whatever the provider named them");
        providers.open("toy");
        assertEquals(List.of("a:b", ""), seen);
    }

    @Test
    void badIdsAndDuplicatesAreBrokenNotLoaded() {
        DatasetProvider first = provider("toy", DatasetProvidersTest::tiny);
        var providers = new DatasetProviders(List.of(first, provider("toy", DatasetProvidersTest::tiny),
                provider("Bad Id", DatasetProvidersTest::tiny)), List.of(new BrokenProvider("x.Y", "/p/y.jar", "boom")));
        assertEquals(1, providers.all().size());
        assertSame(first, providers.provider("toy"));
        assertEquals(3, providers.broken().size());
        var e = assertThrows(DataException.class, () -> providers.open("nope:1"));
        assertTrue(e.getMessage().startsWith("unknown data set 'nope:1'; available: toy; "), e.getMessage());
        assertTrue(e.getMessage().contains("x.Y in /p/y.jar failed to load: boom"), e.getMessage());
    }

    @Test
    void aProviderBugIsReportedWithTheProviderAndItsJar() {
        var providers = new DatasetProviders(List.of(provider("buggy", a -> {
            throw new NullPointerException("oops");
        }), provider("empty", a -> null)), List.of());
        var bug = assertThrows(DataException.class, () -> providers.open("buggy"));
        assertTrue(bug.getMessage().startsWith("data set provider 'buggy' ("), bug.getMessage());
        assertTrue(bug.getMessage().contains("oops"), bug.getMessage());
        var none = assertThrows(DataException.class, () -> providers.open("empty"));
        assertTrue(none.getMessage().contains("returned no splits for 'empty'"), none.getMessage());
    }
}
