package io.deadwood.api;

import java.io.IOException;

/**
 * The contract every fuzz target checks on a refused input: the exception is the user-facing one,
 * and what it wraps is an I/O or parse error or a validation message (IllegalArgumentException),
 * never a programming error (NullPointerException, ClassCastException, an index out of bounds, a
 * bare NumberFormatException) turned into a message.
 */
public final class FuzzContract {
    private FuzzContract() {
    }

    public static void checkRefusal(RuntimeException refusal) {
        if (refusal.getMessage() == null || refusal.getMessage().isBlank()) {
            throw new AssertionError("a refusal without a message", refusal);
        }
        Throwable parent = refusal;
        for (Throwable t = refusal.getCause(); t != null; parent = t, t = t.getCause()) {
            // A syntax error: what it wraps is the parsing library's own detail.
            if (isSyntaxError(t)) return;
            boolean ok = t instanceof IOException || t instanceof DeadwoodException
                    || (t instanceof IllegalArgumentException
                        && !(t instanceof NumberFormatException && !(parent instanceof IllegalArgumentException)));
            if (!ok) throw new AssertionError("a refusal that wraps " + t.getClass().getName(), refusal);
        }
    }

    /** A syntax error from the YAML or JSON parser (SnakeYAML's are unchecked), not a failed binding. */
    private static boolean isSyntaxError(Throwable t) {
        String name = t.getClass().getName();
        return name.startsWith("org.yaml.snakeyaml.")
                || (name.startsWith("com.fasterxml.jackson.") && !name.startsWith("com.fasterxml.jackson.databind."));
    }
}
