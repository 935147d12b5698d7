package io.deadwood.reproduce.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The suite file the README shows is a valid suite, so the documentation cannot drift from the format. */
class ReadmeSuiteTest {

    @Test
    void readmeExampleSuiteParsesAndExpands() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\nname: my-sweep");
        assertTrue(start >= 0, "the README's example suite is missing");
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));
        SuiteSpec spec = Suites.parse(yaml.getBytes(StandardCharsets.UTF_8), "README.md");
        var cells = SuiteExpander.expand(spec.presets().get("quick"));
        assertEquals(3 * (1 + 3 + 1 + 2), cells.size(), "dense, three DemP strengths, l1-filter, snap at two; 3 seeds");
        assertTrue(cells.stream().filter(c -> c.config().method() != null && !c.label().equals("demp")).allMatch(c -> c.matchOf() != null));
        assertEquals(java.util.Set.of("snap@demp[lambdaMax=0.01]", "snap@demp[lambdaMax=0.1]"),
                cells.stream().filter(c -> c.label().equals("snap")).map(Cell::variant).collect(java.util.stream.Collectors.toSet()));
    }
}
