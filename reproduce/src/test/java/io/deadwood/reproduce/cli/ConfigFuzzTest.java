package io.deadwood.reproduce.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.schedule.ScheduleConfig;
import io.deadwood.reproduce.FuzzContract;
import java.util.List;

/**
 * Fuzzes the configuration readers. The last byte of an input picks the reader, the rest is its
 * text:
 * <ul>
 *   <li>a method config ({@code --method-config}) for each method on the class path, read as the
 *       command line reads it ({@link JsonArgument}, then {@link PruningMethods#readConfig}): it is
 *       the method's config or a {@link UserError} / {@link DeadwoodException};</li>
 *   <li>{@link TrainerConfig}, {@link OptimizerConfig}, {@link ScheduleConfig} from JSON: the record
 *       or a Jackson error, and when the record refuses a value, the cause is an
 *       {@link IllegalArgumentException} naming the field;</li>
 *   <li>{@link ScheduleConfig#parse} ({@code --schedule}): the schedule or an
 *       {@link IllegalArgumentException} that names it.</li>
 * </ul>
 * Run with {@code bin/fuzz config SECONDS}.
 */
class ConfigFuzzTest {
    private static final List<PruningMethod<?>> METHODS =
            PruningMethods.discover(ConfigFuzzTest.class.getClassLoader()).all();
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest
    @DictionaryEntries({"\"name\"", "\"lr\"", "\"momentum\"", "\"nesterov\"", "\"weightDecay\"", "\"beta1\"",
            "\"beta2\"", "\"eps\"", "\"epochs\"", "\"batchSize\"", "\"evalBatchSize\"", "\"optimizer\"",
            "\"schedule\"", "\"labelSmoothing\"", "\"seed\"", "\"evaluateEveryEpoch\"", "\"warmupSteps\"",
            "\"warmupFraction\"", "\"milestones\"", "\"gamma\"", "\"floorFactor\"", "\"pctStart\"",
            "\"divFactor\"", "\"finalDivFactor\"", "\"sgd\"", "\"adamw\"", "\"cosine\"", "\"step\"",
            "\"one-cycle\"", "\"constant\"", "+warmup=", "null", "true", "1e308", "-1", "0.5",
            "\"lambdaMax\"", "\"targetSparsity\"", "\"checkEvery\"", "\"sparsity\""})
    void config(FuzzedDataProvider in) {
        int reader = in.consumeInt(0, METHODS.size() + 3);
        String text = in.consumeRemainingAsString();
        switch (reader - METHODS.size()) {
            case 0 -> record(text, TrainerConfig.class, "trainer.", "optimizer.", "schedule.");
            case 1 -> record(text, OptimizerConfig.class, "optimizer.");
            case 2 -> record(text, ScheduleConfig.class, "schedule.");
            case 3 -> schedule(text);
            default -> methodConfig(METHODS.get(reader), text);
        }
    }

    private static void methodConfig(PruningMethod<?> method, String text) {
        JsonNode json;
        try {
            json = JsonArgument.read("--method-config", text.strip().startsWith("{") ? text : "{" + text);
        } catch (UserError refused) {
            FuzzContract.checkRefusal(refused);
            return;
        }
        try {
            PruningMethods.readConfig(method, json);
        } catch (DeadwoodException refused) {
            FuzzContract.checkRefusal(refused);
        }
    }

    private static void record(String text, Class<?> type, String... fields) {
        try {
            JSON.readValue(text, type);
        } catch (ValueInstantiationException e) {
            // The record refused a value: that must be its own check, naming the field.
            if (!(e.getCause() instanceof IllegalArgumentException iae) || iae.getMessage() == null
                    || List.of(fields).stream().noneMatch(iae.getMessage()::contains)) {
                throw new AssertionError("the record's constructor failed with something other than a message"
                        + " naming the field", e);
            }
        } catch (JsonProcessingException expected) {
            // malformed JSON or a wrong type: Jackson's own message
        }
    }

    private static void schedule(String text) {
        try {
            ScheduleConfig.parse(text);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().contains("schedule")) {
                throw new AssertionError("a message that does not name the schedule", e);
            }
        }
    }
}
