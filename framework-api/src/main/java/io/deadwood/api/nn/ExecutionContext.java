package io.deadwood.api.nn;

import io.deadwood.api.backend.ComputeBackend;

/**
 * What a forward or backward pass runs on, and whether it is training (batch statistics, caching).
 * A {@code replay} forward repeats one already made, only to rebuild the caches its backward pass
 * needs (a layer applied several times in one step keeps the cache of its last application alone):
 * observers are not told about it again, so statistics count every application once.
 */
public record ExecutionContext(ComputeBackend backend, boolean training, boolean replay) {
    public ExecutionContext(ComputeBackend backend, boolean training) {
        this(backend, training, false);
    }

    public ExecutionContext eval() {
        return training ? new ExecutionContext(backend, false) : this;
    }

    public ExecutionContext train() {
        return training && !replay ? this : new ExecutionContext(backend, true);
    }

    /** This training context for a forward that repeats an earlier one. */
    public ExecutionContext asReplay() {
        return replay ? this : new ExecutionContext(backend, true, true);
    }
}
