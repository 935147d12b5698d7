package io.deadwood.api.checkpoint;

import io.deadwood.api.DeadwoodException;

/** A checkpoint that cannot be used: damaged, from another configuration, or from a method that cannot resume. */
public class CheckpointException extends DeadwoodException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
