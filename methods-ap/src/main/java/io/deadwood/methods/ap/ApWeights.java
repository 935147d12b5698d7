package io.deadwood.methods.ap;

import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.WeightRanking;
import java.util.List;
import java.util.Map;

/**
 * AP's own choice of weights: the surviving negative weights that moved least between the cycle's
 * start and its end, ranked globally by the API's {@link WeightRanking}, since AP wraps whichever
 * base method is installed and borrows nothing from it.
 */
final class ApWeights {
    private ApWeights() {
    }

    /**
     * Masks up to {@code count} unmasked weights that were negative at the cycle's end
     * ({@code trained}), those with the smallest |trained - start| first; ties go to the earlier
     * parameter and position. A parameter whose shape changed during the cycle is left out.
     * Returns how many were masked.
     */
    static long maskNegativeLeastMoved(Pruner pruner, List<Parameter> weights, Map<Parameter, float[]> trained,
                                       Map<Parameter, float[]> start, long count) {
        return WeightRanking.pruneLowest(pruner, weights, count, (p, i) -> {
            float[] end = trained.get(p), begin = start.get(p);
            if (end == null || begin == null || end.length != p.size() || begin.length != p.size()) return Float.NaN;
            return end[i] < 0f ? Math.abs(end[i] - begin[i]) : Float.NaN;
        });
    }
}
