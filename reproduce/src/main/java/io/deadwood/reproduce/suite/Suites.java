package io.deadwood.reproduce.suite;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.deadwood.reproduce.cli.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Suite files: the ones shipped inside Deadwood by name, or a user's own YAML or JSON file. */
public final class Suites {
    public static final List<String> BUILT_IN = List.of("demp", "ap", "backends");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A field given twice is refused by name, not passed to Jackson's binder (which fails obscurely on it).
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Suites() {
    }

    public static SuiteSpec builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new UserError("unknown suite '" + name + "'; built-in suites: " + String.join(", ", BUILT_IN)
                    + " (or pass --suite-file FILE)");
        }
        try (InputStream in = Suites.class.getResourceAsStream("/suites/" + name + ".yaml")) {
            if (in == null) throw new IllegalStateException("suite resource " + name + ".yaml is missing from the build");
            return parse(in.readAllBytes(), "built-in suite " + name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in suite " + name, e);
        }
    }

    public static SuiteSpec file(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UserError("cannot read suite file " + file + ": " + e.getMessage());
        }
    }

    /** JSON is YAML too, so one reader serves both. */
    static SuiteSpec parse(byte[] bytes, String source) {
        try {
            SuiteSpec spec = YAML.readValue(bytes, SuiteSpec.class);
            if (spec == null) throw new UserError(source + " is empty");
            return spec;
        } catch (UnrecognizedPropertyException e) {
            throw new UserError(source + ": unknown field '" + e.getPropertyName() + "' at " + path(e)
                    + "; known fields: " + e.getKnownPropertyIds());
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UserError(source + ": " + cause.getMessage(), e);
        } catch (IOException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new UserError(source + " is not a valid suite: " + msg, e);
        }
    }

    private static String path(UnrecognizedPropertyException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            else sb.append('[').append(ref.getIndex()).append(']');
        }
        return sb.toString();
    }
}
