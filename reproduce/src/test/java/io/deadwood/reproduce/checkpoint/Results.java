package io.deadwood.reproduce.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.result.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A result with what depends on the clock (wall times, throughput, provenance) taken out, for comparing runs. */
final class Results {
    private Results() {
    }

    /** As result.json would hold it: numbers compare by their text, not by the Java type that held them. */
    static JsonNode comparable(Object result) throws IOException {
        JsonNode n = AtomicFiles.json().readTree(AtomicFiles.json().writeValueAsString(result));
        strip(n);
        return n;
    }

    static JsonNode comparable(Path resultFile) throws IOException {
        JsonNode n = AtomicFiles.json().readTree(resultFile.toFile());
        strip(n);
        return n;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> drop = new ArrayList<>();
            o.fieldNames().forEachRemaining(f -> {
                String l = f.toLowerCase();
                if (l.contains("seconds") || l.contains("persecond") || l.contains("wall") || l.equals("provenance") || l.contains("nanos")) drop.add(f);
            });
            drop.forEach(o::remove);
            o.elements().forEachRemaining(Results::strip);
        } else if (n instanceof ArrayNode a) {
            a.elements().forEachRemaining(Results::strip);
        }
    }
}
