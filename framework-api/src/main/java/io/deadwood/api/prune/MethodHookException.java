package io.deadwood.api.prune;

import io.deadwood.api.DeadwoodException;

/**
 * A pruning method failed inside one of its hooks. The message names the method, the hook and where
 * the run stood, so that the author of a plugin (or its user) knows where to look without a trace.
 */
public final class MethodHookException extends DeadwoodException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final String hook;

    public MethodHookException(String method, String hook, String where, Throwable cause) {
        super("pruning method '" + method + "' failed in its " + hook + " hook " + where + ": " + describe(cause),
                cause);
        this.method = method;
        this.hook = hook;
    }

    public String method() { return method; }

    public String hook() { return hook; }

    /** The exception's class (its simple name for the JDK's own) and its message. */
    private static String describe(Throwable e) {
        if (e instanceof DeadwoodException && e.getMessage() != null) return e.getMessage();
        String type = e.getClass().getName().startsWith("java.") ? e.getClass().getSimpleName() : e.getClass().getName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
