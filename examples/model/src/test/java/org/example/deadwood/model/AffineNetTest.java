package org.example.deadwood.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelProvider;
import io.deadwood.api.prune.UnitGraph;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.testkit.ModelProviderContract;
import org.junit.jupiter.api.Test;

/** Deadwood's model contract (discovery, seeds, save and reload dense, cut and masked), plus its units. */
class AffineNetTest extends ModelProviderContract {
    @Override protected ModelProvider provider() { return new AffineNet(); }
    @Override protected double width() { return 0.25; }

    @Test
    void affineParametersAreCutWithTheirChannels() {
        Model m = new AffineNet().create(new int[] {1, 8, 8}, 3, 0.5);
        UnitGraph graph = UnitGraph.of(m);
        assertEquals(2, graph.groups().size());
        UnitGroup first = graph.group("conv1");
        assertEquals(8, first.size());
        // conv1's kernel plus affine1's scale and shift
        assertEquals(3, first.producers().size());
        assertEquals("affine1.scale", first.producers().get(1).parameter().name());
    }
}
