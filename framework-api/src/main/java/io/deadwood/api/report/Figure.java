package io.deadwood.api.report;

/**
 * A plot a table provider drew: a file name ({@code [a-z0-9.-]+.png}, written next to the table)
 * and its PNG bytes. The framework writes it atomically, so a provider never touches the folder.
 */
public record Figure(String fileName, byte[] png) {
    public Figure {
        if (fileName == null || !fileName.matches("[a-z0-9][a-z0-9.-]*\\.png")) {
            throw new IllegalArgumentException("a figure's file name must match [a-z0-9][a-z0-9.-]*.png, got " + fileName);
        }
        if (png == null || png.length == 0) throw new IllegalArgumentException("figure " + fileName + " has no bytes");
    }
}
