package io.deadwood.api;

/**
 * A failure whose message is written for the user, who can fix its cause (a corrupt data file, a
 * diverged run, an invalid configuration). Front ends print the message alone, without a trace.
 */
public class DeadwoodException extends RuntimeException {
    public DeadwoodException(String message) {
        super(message);
    }

    public DeadwoodException(String message, Throwable cause) {
        super(message, cause);
    }
}
