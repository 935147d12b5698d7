package io.deadwood.api.nn;

import io.deadwood.api.backend.ComputeBackend;

/** What a forward or backward pass runs on, and whether it is training (batch statistics, caching). */
public record ExecutionContext(ComputeBackend backend, boolean training) {
    public ExecutionContext eval() {
        return training ? new ExecutionContext(backend, false) : this;
    }

    public ExecutionContext train() {
        return training ? this : new ExecutionContext(backend, true);
    }
}
