package io.deadwood.api.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rendered table: header, rows of formatted cells (every row as long as the header), and notes
 * (failures, how to read it). {@link #markdown()} and {@link #csv()} are what a suite folder's
 * {@code table.md} and {@code table.csv} hold.
 */
public record Table(String title, List<String> header, List<List<String>> rows, List<String> notes) {
    public Table {
        if (title == null || header == null || rows == null || notes == null) {
            throw new IllegalArgumentException("a table needs a title, a header, rows and notes (lists may be empty)");
        }
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        notes = List.copyOf(notes);
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != header.size()) {
                throw new IllegalArgumentException("row " + i + " of table '" + title + "' has " + rows.get(i).size()
                        + " cells but the header has " + header.size());
            }
        }
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        sb.append("| ").append(String.join(" | ", header)).append(" |\n");
        sb.append("|").append(header.stream().map(h -> "---").collect(Collectors.joining("|"))).append("|\n");
        for (List<String> r : rows) sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (String n : notes) sb.append("- ").append(n).append('\n');
        }
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder(line(header));
        for (List<String> r : rows) sb.append(line(r));
        return sb.toString();
    }

    private static String line(List<String> cells) {
        return cells.stream().map(Table::quote).collect(Collectors.joining(",")) + "\n";
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
