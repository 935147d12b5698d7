package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.schedule.ScheduleConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingConfigJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void trainerConfigRoundTrips() throws Exception {
        TrainerConfig cfg = new TrainerConfig(30, 128, 512,
                OptimizerConfig.adamw(5e-3).withBetas(0.85, 0.99, 1e-7),
                ScheduleConfig.of("step").withMilestones(List.of(0.3, 0.6, 0.9), 0.2).withWarmupSteps(100),
                0.1, 42, false);
        String json = mapper.writeValueAsString(cfg);
        assertEquals(cfg, mapper.readValue(json, TrainerConfig.class));
        for (ScheduleConfig s : List.of(ScheduleConfig.oneCycle(), ScheduleConfig.parse("cosine+warmup=0.1"))) {
            assertEquals(s, mapper.readValue(mapper.writeValueAsString(s), ScheduleConfig.class));
        }
        OptimizerConfig sgd = OptimizerConfig.sgd(0.1).withMomentum(0.9, true);
        assertEquals(sgd, mapper.readValue(mapper.writeValueAsString(sgd), OptimizerConfig.class));
    }

    @Test
    void absentOptionalFieldsTakeDefaults() throws Exception {
        TrainerConfig cfg = mapper.readValue("""
                {"epochs": 3, "batchSize": 64, "optimizer": {"name": "sgd", "lr": 0.1}}""", TrainerConfig.class);
        assertEquals(TrainerConfig.of(3, 64, OptimizerConfig.sgd(0.1)), cfg);
        ScheduleConfig s = mapper.readValue("{\"name\": \"one-cycle\"}", ScheduleConfig.class);
        assertEquals(ScheduleConfig.oneCycle(), s);
    }

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() {
        assertThrows(UnrecognizedPropertyException.class, () -> mapper.readValue("""
                {"epochs": 3, "batchSize": 64, "optimizer": {"name": "sgd", "lr": 0.1}, "epocs": 4}""",
                TrainerConfig.class));
        UnrecognizedPropertyException nested = assertThrows(UnrecognizedPropertyException.class,
                () -> mapper.readValue("""
                        {"epochs": 3, "batchSize": 64, "optimizer": {"name": "sgd", "lr": 0.1, "momentun": 0.8}}""",
                        TrainerConfig.class));
        assertEquals("momentun", nested.getPropertyName());
        assertThrows(UnrecognizedPropertyException.class,
                () -> mapper.readValue("{\"name\": \"cosine\", \"floor\": 0.1}", ScheduleConfig.class));
    }

    @Test
    void invalidValuesNameTheField() {
        assertMessageContains("optimizer.lr must be > 0, got -1.0", """
                {"epochs": 3, "batchSize": 64, "optimizer": {"name": "sgd", "lr": -1}}""");
        assertMessageContains("optimizer.lr must be > 0, got NaN", """
                {"epochs": 3, "batchSize": 64, "optimizer": {"name": "sgd"}}""");
        assertMessageContains("trainer.epochs must be >= 1, got 0", """
                {"batchSize": 64, "optimizer": {"name": "sgd", "lr": 0.1}}""");
        assertMessageContains("trainer.optimizer must be set, got null", """
                {"epochs": 3, "batchSize": 64}""");
        assertMessageContains("trainer.labelSmoothing must be in [0, 1), got 1.0", """
                {"epochs": 3, "batchSize": 64, "labelSmoothing": 1, "optimizer": {"name": "sgd", "lr": 0.1}}""");
        assertMessageContains("schedule.name must be one of constant, step, cosine, one-cycle, got linear", """
                {"epochs": 3, "batchSize": 64, "optimizer": {"name": "sgd", "lr": 0.1}, "schedule": {"name": "linear"}}""");
    }

    private void assertMessageContains(String expected, String json) {
        JsonMappingException e = assertThrows(JsonMappingException.class, () -> mapper.readValue(json, TrainerConfig.class));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
