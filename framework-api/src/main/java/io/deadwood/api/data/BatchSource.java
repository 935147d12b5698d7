package io.deadwood.api.data;

import java.util.Iterator;

/** Mini-batches for one pass over a split; the order of epoch e is fixed by the seed and e alone. */
public interface BatchSource {
    int batchesPerEpoch();

    /** Samples per epoch (the sum of the batch sizes). */
    int samplesPerEpoch();

    Iterator<Batch> epoch(int epoch);
}
