package io.deadwood.reproduce.report;

import java.util.List;
import java.util.stream.Collectors;

/** A rendered table: header, rows of formatted cells, and notes (failures, how to read it). */
public record Table(String title, List<String> header, List<List<String>> rows, List<String> notes) {

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
