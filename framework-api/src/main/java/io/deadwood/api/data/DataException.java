package io.deadwood.api.data;

import io.deadwood.api.DeadwoodException;

import java.nio.file.Path;

/**
 * A data set that cannot be found or read. The message is meant for the person running the
 * program: it names the file, says what is wrong with it and what to do about it.
 */
public class DataException extends DeadwoodException {
    /** What to tell the user when a file is damaged rather than missing. */
    static final String REINSTALL = "re-download or reinstall the data set";

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "file: problem; remedy". */
    public static DataException inFile(Path file, String problem, String remedy) {
        return new DataException(file + ": " + problem + "; " + remedy);
    }

    /** A damaged file: the remedy is to fetch it again. */
    public static DataException damaged(Path file, String problem) {
        return inFile(file, problem, REINSTALL);
    }
}
