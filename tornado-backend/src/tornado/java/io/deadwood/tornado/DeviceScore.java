package io.deadwood.tornado;

import io.deadwood.api.backend.BatchScore;

/**
 * A batch's loss and hits from the device. The score op may wait in a step's graph; its values are
 * collected right after the launch that ran it, before any later launch can reuse the result arrays.
 */
final class DeviceScore implements BatchScore {
    private final DeviceArena arena;
    private final int rows;
    private boolean ready;
    private double loss;
    private int hits;

    DeviceScore(DeviceArena arena, int rows) {
        this.arena = arena;
        this.rows = rows;
    }

    /** Reads the per-row losses (added in row order, as the eager loss does) and hits. */
    void collect() {
        KernelGraphs graphs = arena.graphs();
        double total = 0;
        int h = 0;
        for (int i = 0; i < rows; i++) {
            total += graphs.rowLoss.get(i);
            h += graphs.rowHits.get(i);
        }
        loss = total / rows;
        arena.resultsCameBack(3L * KernelGraphs.LOSS_ROWS);
        hits = h;
        ready = true;
    }

    private void await() {
        if (!ready) arena.sync();
        if (!ready) throw new IllegalStateException("tornado: a batch score was read before its op was run");
    }

    @Override
    public double loss() {
        await();
        return loss;
    }

    @Override
    public int hits() {
        await();
        return hits;
    }
}
