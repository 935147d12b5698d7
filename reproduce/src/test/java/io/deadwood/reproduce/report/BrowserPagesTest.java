package io.deadwood.reproduce.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.Backends;
import io.deadwood.reproduce.TinyData;
import io.deadwood.reproduce.cli.TrainRuns;
import io.deadwood.reproduce.suite.SuiteRunner;
import io.deadwood.reproduce.suite.SuiteSpec;
import io.deadwood.reproduce.suite.Suites;
import io.deadwood.api.train.ProgressListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suite folder's and a training run's {@code index.html}, checked as files and then in a real
 * headless browser (Debian's Chromium, which {@code bin/test} installs): the page loads with no
 * error, every image decodes, and the cells table has one row per cell.
 */
class BrowserPagesTest {
    @TempDir
    static Path tmp;
    static Path suiteDir;

    @BeforeAll
    static void runTinySuite() throws Exception {
        Path data = TinyData.writeIdx(tmp.resolve("data"), 96, 48);
        Path yaml = tmp.resolve("tiny.yaml");
        Files.writeString(yaml, TinyData.suiteYaml(data, "three cells <on> a tiny IDX set", ""));
        SuiteSpec spec = Suites.file(yaml);
        suiteDir = tmp.resolve("suite");
        List<String> pagesSeen = new ArrayList<>();
        ReportWriter reports = new ReportWriter();
        new SuiteRunner(Backends.discover(), TrainRuns.standalone()).run(spec, "quick", suiteDir, null, new SuiteRunner.Listener() {
            @Override
            public ProgressListener cellStarting(int index, int total, io.deadwood.reproduce.suite.Cell cell) {
                return ProgressListener.NONE;
            }

            @Override
            public void cellDone(int index, int total, io.deadwood.reproduce.suite.Cell cell,
                                 io.deadwood.api.result.TrainResult r, boolean skipped) {
                if (index == 0) {
                    reports.write(suiteDir);
                    pagesSeen.add(read(suiteDir.resolve("index.html")));
                }
            }
        });
        reports.write(suiteDir);
        String during = pagesSeen.getFirst();
        assertTrue(during.contains("http-equiv=\"refresh\"") && during.contains("1 of 3 cells done"),
                "a page written while cells remain says so and reloads itself");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theSuitePageIsSelfContainedWithARowPerCell() {
        String html = read(suiteDir.resolve("index.html"));
        assertFalse(html.contains("http-equiv=\"refresh\""), "a finished suite's page does not reload");
        assertTrue(html.contains("three cells &lt;on&gt; a tiny IDX set"), "text from the suite is escaped");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "nothing is fetched from a network");
        assertTrue(html.contains("src=\"data:image/png;base64,"), "plots are inline");
        Matcher cells = Pattern.compile("<table id=\"cells\">.*?<tbody>(.*?)</tbody>", Pattern.DOTALL).matcher(html);
        assertTrue(cells.find());
        assertEquals(3, cells.group(1).split("<tr").length - 1, "one row per cell");
        assertTrue(html.contains("href=\"cells/mlp-w0.1-dense-s0/result.json\"") || html.contains("/result.json\""),
                "each finished cell links to its result");
    }

    @Test
    void bothPagesRenderInHeadlessChromiumWithNoErrorAndEveryImage() throws Exception {
        String chromium = chromium();
        Check suite = check(chromium, suiteDir.resolve("index.html"));
        assertEquals(0, suite.errors, "page errors: " + suite.raw);
        assertTrue(suite.images >= 2 && suite.broken == 0, "images: " + suite.raw);
        assertEquals(3, suite.rows, "cells table rows: " + suite.raw);

        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Files.copy(suiteDir.resolve("cells").resolve(firstCell()).resolve("result.json"), run.resolve("result.json"));
        TrainPage.write(run);
        Check train = check(chromium, run.resolve("index.html"));
        assertEquals(0, train.errors, "page errors: " + train.raw);
        assertTrue(train.images >= 3 && train.broken == 0, "loss, accuracy and per-layer plots: " + train.raw);
    }

    private static String firstCell() throws java.io.IOException {
        try (var s = Files.list(suiteDir.resolve("cells"))) {
            return s.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
    }

    /** What the page reported after it loaded: image count, broken images, errors, cells table rows. */
    private record Check(int images, int broken, int errors, int rows, String raw) {
    }

    /**
     * Opens a copy of the page with a probe script first in its head, which records every error the
     * page raises (scripts, failed resources, console errors) and, once loaded, writes what it found
     * into the body; Chromium prints the DOM after that.
     */
    private static Check check(String chromium, Path page) throws Exception {
        String probe = """
                <script>
                var errs = [];
                window.addEventListener('error', function (e) { errs.push(String(e.message || (e.target && e.target.src))); }, true);
                var ce = console.error; console.error = function () { errs.push([].join.call(arguments, ' ')); ce.apply(console, arguments); };
                window.addEventListener('load', function () {
                  var imgs = Array.prototype.slice.call(document.images);
                  var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); }).length;
                  var rows = document.querySelectorAll('#cells tbody tr').length;
                  document.body.setAttribute('data-check', imgs.length + ' ' + broken + ' ' + errs.length + ' ' + rows);
                });
                </script>
                """;
        String html = read(page).replaceFirst("<head>", "<head>" + Matcher.quoteReplacement(probe));
        Path copy = page.resolveSibling("probe-" + page.getFileName());
        Files.writeString(copy, html);
        Process p = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + tmp.resolve("profile-" + System.nanoTime()), "--virtual-time-budget=5000", "--dump-dom",
                copy.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        Matcher m = Pattern.compile("data-check=\"(\\d+) (\\d+) (\\d+) (\\d+)\"").matcher(dom);
        assertTrue(m.find(), "the page loaded and the probe ran; chromium printed " + dom.length() + " characters");
        return new Check(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), m.group());
    }

    /**
     * Debian's Chromium. Where {@code bin/test} installed it, it names it in DEADWOOD_CHROMIUM and the
     * test must find it; a bare {@code mvn test} on a machine without it skips this test.
     */
    private static String chromium() {
        String named = System.getenv("DEADWOOD_CHROMIUM");
        if (named != null && !named.isBlank()) {
            assertTrue(Files.isExecutable(Path.of(named)), "DEADWOOD_CHROMIUM=" + named + " is not an executable");
            return named;
        }
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(c))) return c;
        }
        Assumptions.abort("no Chromium on this machine (bin/test installs Debian's)");
        return null;
    }
}
