package io.deadwood.reproduce.report;

import io.deadwood.api.report.Figure;
import io.deadwood.api.report.Table;
import io.deadwood.api.result.Provenance;
import java.util.Base64;
import java.util.List;

/**
 * A self-contained HTML page: styles inline and plots as data URLs, so the file opens the same
 * anywhere, with no network and nothing beside it but the JSON files it links to.
 */
final class Html {
    private static final String STYLE = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;\
            padding:0 1rem;color:#1d232a}
            h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d8dde3}
            .sub{color:#58636e;margin-top:0}.running{background:#fff6d6;padding:.5rem .8rem;border-radius:4px}
            table{border-collapse:collapse;margin:.6rem 0;font-size:14px}
            th,td{border:1px solid #d8dde3;padding:.3rem .55rem;text-align:right;vertical-align:top}
            th{background:#f2f4f7}td:first-child,th:first-child{text-align:left}
            tr.failed td{background:#fdeaea}.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:1rem}
            figure{margin:0}figure img{width:100%;border:1px solid #e3e6ea}
            figcaption{color:#58636e;font-size:13px}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
            dt{color:#58636e}dd{margin:0}code{font-size:13px}
            """;

    private final StringBuilder out = new StringBuilder();
    private int resultTables;

    Html(String title, boolean refreshing) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        // while cells are still running the page reloads itself to show the new ones
        if (refreshing) out.append("<meta http-equiv=\"refresh\" content=\"15\">\n");
        out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(title)).append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n");
    }

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    Html heading(int level, String text) {
        out.append("<h").append(level).append('>').append(escape(text)).append("</h").append(level).append(">\n");
        return this;
    }

    Html paragraph(String cssClass, String text) {
        out.append("<p class=\"").append(cssClass).append("\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A table of plain cells; rows whose first cell is in {@code failed} get the failed style. */
    Html table(List<String> header, List<List<String>> rows, java.util.function.Predicate<List<String>> failed,
               String id) {
        out.append("<table id=\"").append(id).append("\"><thead><tr>");
        for (String h : header) out.append("<th>").append(escape(h)).append("</th>");
        out.append("</tr></thead><tbody>\n");
        for (List<String> r : rows) {
            out.append(failed.test(r) ? "<tr class=\"failed\">" : "<tr>");
            for (String c : r) out.append("<td>").append(c).append("</td>");
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
        return this;
    }

    /** The suite's table as its provider rendered it, escaped, with its notes under it. */
    Html table(Table t) {
        List<List<String>> rows = t.rows().stream().map(r -> r.stream().map(Html::escape).toList()).toList();
        resultTables++;
        table(t.header(), rows, r -> false, resultTables == 1 ? "results" : "results-" + resultTables);
        for (String n : t.notes()) paragraph("sub", n);
        return this;
    }

    /** The plots side by side, as many to a row as fit. */
    Html figures(java.util.List<Figure> figures) {
        out.append("<div class=\"plots\">\n");
        for (Figure f : figures) figure(f);
        out.append("</div>\n");
        return this;
    }

    Html figure(Figure f) {
        out.append("<figure><img alt=\"").append(escape(f.fileName())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(f.png())).append("\"><figcaption>")
                .append(escape(f.fileName())).append("</figcaption></figure>\n");
        return this;
    }

    static String link(String href, String text) {
        return "<a href=\"" + escape(href) + "\">" + escape(text) + "</a>";
    }

    Html links(List<String> hrefs) {
        out.append("<p>");
        for (int i = 0; i < hrefs.size(); i++) {
            if (i > 0) out.append(" &middot; ");
            out.append(link(hrefs.get(i), hrefs.get(i)));
        }
        out.append("</p>\n");
        return this;
    }

    /** Where a result came from: data, backend, software and machine. */
    Html provenance(Provenance p) {
        if (p == null) return this;
        out.append("<dl>\n");
        if (p.data() != null) {
            item("data", p.data().spec() + " (" + p.data().name() + ", " + p.data().trainSamples() + " training and "
                    + p.data().testSamples() + " test samples)");
        }
        if (p.backend() != null) item("backend", p.backend().id() + ", " + p.backend().threads() + " threads");
        if (p.software() != null) {
            item("Deadwood", p.software().deadwoodVersion() + ", commit " + p.software().gitCommit());
            item("Java", p.software().javaVersion() + " (" + p.software().javaVendor() + ")");
        }
        if (p.machine() != null) {
            item("machine", p.machine().cpu() + ", " + p.machine().availableProcessors() + " processors, " + p.machine().os()
                    + " " + p.machine().osVersion() + " " + p.machine().arch());
        }
        item("seed", Long.toString(p.seed()));
        if (p.startedAt() != null) item("started", p.startedAt());
        out.append("</dl>\n");
        return this;
    }

    private void item(String term, String value) {
        out.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    String finish() {
        out.append("</body></html>\n");
        return out.toString();
    }
}
