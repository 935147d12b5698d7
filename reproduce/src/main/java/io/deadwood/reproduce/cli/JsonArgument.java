package io.deadwood.reproduce.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.result.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An option that takes JSON inline ({@code {...}}) or the path of a JSON file. */
final class JsonArgument {
    private JsonArgument() {
    }

    static JsonNode read(String option, String value) {
        if (value == null) return null;
        String text = value.strip();
        String source = "inline JSON";
        if (!text.startsWith("{")) {
            Path file = Path.of(text);
            if (!Files.isRegularFile(file)) {
                throw new UserError(option + ": '" + value + "' is neither a JSON object nor a file");
            }
            source = file.toString();
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UserError(option + ": cannot read " + file + ": " + e.getMessage());
            }
        }
        try {
            JsonNode node = AtomicFiles.json().readTree(text);
            if (node == null || !node.isObject()) throw new UserError(option + ": " + source + " is not a JSON object");
            return node;
        } catch (JsonProcessingException e) {
            throw new UserError(option + ": " + source + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
