package io.deadwood.reproduce.cli;

/** A problem with what the user asked for; printed as one {@code error:} line with exit code 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
