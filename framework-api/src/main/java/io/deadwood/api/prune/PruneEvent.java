package io.deadwood.api.prune;

/**
 * One structured cut, as recorded in the pruning history: in training cycle {@code cycle}, at step
 * {@code step} of that cycle, {@code units} units left group {@code group}, which had {@code sizeBefore}.
 */
public record PruneEvent(int cycle, long step, int epoch, String group, int sizeBefore, int[] units, String reason) {
}
