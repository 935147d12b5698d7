package io.deadwood.api.prune;

/**
 * One structured cut, as recorded in the pruning history: at training step {@code step} (counted
 * over the whole run), {@code units} units left group {@code group}, which had {@code sizeBefore}.
 */
public record PruneEvent(long step, int epoch, String group, int sizeBefore, int[] units, String reason) {
}
