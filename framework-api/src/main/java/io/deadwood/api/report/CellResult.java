package io.deadwood.api.report;

import io.deadwood.api.result.TrainResult;

/**
 * A finished cell and its result. {@code result.status()} is {@code completed}, or {@code diverged},
 * {@code failed} or {@code skipped} with {@code result.error()} saying why; a table should show or
 * note those rather than drop them silently.
 */
public record CellResult(SuiteCell cell, TrainResult result) {
    public boolean completed() { return "completed".equals(result.status()); }
}
