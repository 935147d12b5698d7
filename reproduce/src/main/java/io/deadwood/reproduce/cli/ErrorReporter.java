package io.deadwood.reproduce.cli;

import io.deadwood.api.DeadwoodException;
import io.deadwood.api.backend.Backends;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns failures into one {@code error:} line: exit code 2 for anything the user can fix (options,
 * data, configuration, an unavailable backend, a diverged run), 1 for a fault of Deadwood's own.
 */
public final class ErrorReporter implements CommandLine.IParameterExceptionHandler,
        CommandLine.IExecutionExceptionHandler {
    public static final int USER_ERROR = 2;
    public static final int INTERNAL_ERROR = 1;

    private final boolean debug;

    public ErrorReporter(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("error: " + e.getMessage() + "; see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                + " --help'");
        err.flush();
        return USER_ERROR;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (debug) {
            e.printStackTrace(err);
        }
        if (isUserError(e)) {
            err.println("error: " + e.getMessage());
            err.flush();
            return USER_ERROR;
        }
        err.println("error: internal error: " + e + (debug ? "" : " (rerun with --debug for the stack trace)"));
        err.flush();
        return INTERNAL_ERROR;
    }

    /** Exceptions whose message is written for the user: by type, never by parsing text. */
    static boolean isUserError(Throwable e) {
        return e instanceof UserError
                || e instanceof Backends.UnavailableBackendException
                || e instanceof UncheckedIOException
                || e instanceof DeadwoodException;
    }
}
