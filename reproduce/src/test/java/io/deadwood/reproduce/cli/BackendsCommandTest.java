package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.result.AtomicFiles;
import org.junit.jupiter.api.Test;

class BackendsCommandTest {

    @Test
    void jsonListsEveryBackendWithItsState() throws Exception {
        Cli r = Cli.run("backends", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode rows = AtomicFiles.json().readTree(r.out());
        boolean cpu = false, tornado = false;
        for (JsonNode row : rows) {
            if (row.get("id").asText().equals("vector-cpu")) {
                cpu = row.get("available").asBoolean() && row.get("devices").size() > 0;
            }
            if (row.get("id").asText().equals("tornado")) {
                tornado = !row.get("available").asBoolean() && !row.get("reason").asText().isBlank();
            }
        }
        assertTrue(cpu, r.out());
        assertTrue(tornado, r.out());
    }

    @Test
    void tableSaysWhyABackendIsUnavailable() {
        Cli r = Cli.run("backends");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("tornado") && l.contains("unavailable")), r.out());
    }

    @Test
    void modelsListsTheZoo() {
        Cli r = Cli.run("models");
        assertEquals(0, r.exitCode());
        java.util.List<String> ids = r.out().lines().map(l -> l.split("\\s+")[0]).toList();
        assertTrue(ids.containsAll(java.util.List.of("mlp", "convnet", "resnet20")), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.split("\\s+", 2).length == 2), "every model has a description: " + r.out());
    }
}
