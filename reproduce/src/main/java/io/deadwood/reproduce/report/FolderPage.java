package io.deadwood.reproduce.report;

import io.deadwood.api.report.Figure;
import io.deadwood.api.report.Table;
import io.deadwood.api.result.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code index.html} of a suite folder that keeps its own tables (the control suites): its
 * tables, every plot under it, and links to each cell's {@code result.json}. The tables are kept in
 * {@code page.json} beside it, so that {@code report DIR} can draw the page again.
 */
public final class FolderPage {
    static final String PAGE = "page.json";

    /** What the page shows besides the files it finds. */
    record Content(String title, String description, List<Table> tables) {
    }

    private FolderPage() {
    }

    /** Whether {@code dir} is a folder this page was written for. */
    public static boolean isFolderPage(Path dir) {
        return Files.isRegularFile(dir.resolve(PAGE));
    }

    /** Draws {@code dir/index.html} again from {@code page.json} and the files under the folder. */
    public static Path rerender(Path dir) {
        Content c;
        try {
            c = AtomicFiles.json().readValue(dir.resolve(PAGE).toFile(), Content.class);
        } catch (IOException e) {
            throw new io.deadwood.reproduce.cli.UserError(dir.resolve(PAGE) + " is unreadable (" + e.getMessage()
                    + "); run the suite again to write it");
        }
        return write(dir, c.title(), c.description(), c.tables());
    }

    /** Writes {@code dir/index.html}; plots and cells are found under {@code dir}. */
    public static Path write(Path dir, String title, String description, List<Table> tables) {
        return write(dir, title, description, tables, null);
    }

    /**
     * As above; {@code running} (say "4 of 16 cells done"), when not null, is shown at the top and
     * makes the page reload itself until the suite writes it for the last time.
     */
    public static Path write(Path dir, String title, String description, List<Table> tables, String running) {
        if (running == null) AtomicFiles.writeJson(dir.resolve(PAGE), new Content(title, description, tables));
        Html page = new Html(title, running != null);
        page.heading(1, title).paragraph("sub", description);
        if (running != null) page.paragraph("running", running + "; this page reloads every 15 s");
        for (Table t : tables) page.heading(2, t.title()).table(t);
        List<Figure> figures = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.endsWith(".png")) {
                    figures.add(new Figure(rel.replaceAll("[^a-z0-9.-]", "-").replaceAll("^-+", ""), Files.readAllBytes(p)));
                } else if (rel.startsWith("cells/") && rel.endsWith("/result.json")) {
                    cells.add(rel);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + dir, e);
        }
        if (!figures.isEmpty()) page.heading(2, "Plots").figures(figures);
        List<String> links = new ArrayList<>(List.of("table.md", "table.csv"));
        if (Files.exists(dir.resolve("summary.md"))) links.add("summary.md");
        page.heading(2, "Files").links(links);
        if (!cells.isEmpty()) page.heading(2, "Cells (" + cells.size() + ")").links(cells);
        Path out = dir.resolve("index.html");
        AtomicFiles.write(out, page.finish().getBytes(StandardCharsets.UTF_8));
        return out;
    }
}
