package io.deadwood.testkit;

import static io.deadwood.testkit.OptimizerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.train.schedule.LrSchedule;
import io.deadwood.api.train.schedule.ScheduleConfig;
import io.deadwood.api.train.schedule.Schedules;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final double EPS = 1e-12;

    @Test
    void constantStaysPut() {
        LrSchedule s = ScheduleConfig.constant().create(0.1);
        assertEquals(0.1, s.lr(0, 100), EPS);
        assertEquals(0.1, s.lr(100, 100), EPS);
    }

    @Test
    void stepDropsAtMilestoneFractions() {
        LrSchedule s = ScheduleConfig.of("step").create(0.1);
        assertEquals(0.1, s.lr(49, 100), EPS);
        assertEquals(0.01, s.lr(50, 100), EPS);
        assertEquals(0.01, s.lr(74, 100), EPS);
        assertEquals(0.001, s.lr(75, 100), 1e-15);
        LrSchedule custom = ScheduleConfig.of("step").withMilestones(List.of(0.3), 0.5).create(1);
        assertEquals(0.5, custom.lr(30, 100), EPS);
    }

    @Test
    void cosineRunsFromBaseToFloor() {
        LrSchedule s = ScheduleConfig.cosine().create(0.2);
        assertEquals(0.2, s.lr(0, 100), EPS);
        assertEquals(0.1, s.lr(50, 100), EPS);
        assertEquals(0.0, s.lr(100, 100), EPS);
        LrSchedule floored = ScheduleConfig.cosine().withFloorFactor(0.1).create(0.2);
        assertEquals(0.02, floored.lr(100, 100), EPS);
        assertEquals(0.11, floored.lr(50, 100), EPS);
        assertTrue(s.lr(30, 100) > s.lr(31, 100));
    }

    @Test
    void oneCyclePeaksAtThirtyPercent() {
        LrSchedule s = ScheduleConfig.oneCycle().create(1.0);
        assertEquals(1.0 / 25, s.lr(0, 1000), EPS);
        assertEquals(1.0, s.lr(300, 1000), EPS);
        assertEquals(1.0 / 25 / 1e4, s.lr(1000, 1000), EPS);
        assertTrue(s.lr(150, 1000) > s.lr(0, 1000) && s.lr(150, 1000) < 1);
        assertTrue(s.lr(299, 1000) < 1 && s.lr(301, 1000) < 1);
        // same shape straight from the factory, as a pruning method would build it for lambda(t)
        LrSchedule direct = Schedules.oneCycle(2.0, 0.3, 25, 1e4);
        assertEquals(2.0 * s.lr(640, 1000), direct.lr(640, 1000), EPS);
    }

    @Test
    void warmupIsLinearThenHandsOver() {
        LrSchedule s = ScheduleConfig.parse("cosine+warmup=10").create(1.0);
        for (int i = 0; i < 10; i++) assertEquals((i + 1) / 10.0, s.lr(i, 110), EPS, "step " + i);
        assertEquals(1.0, s.lr(10, 110), EPS);
        assertEquals(0.5, s.lr(60, 110), EPS);
        assertEquals(0.0, s.lr(110, 110), EPS);
    }

    @Test
    void warmupFractionScalesWithTheRun() {
        ScheduleConfig cfg = ScheduleConfig.parse("constant+warmup");
        assertEquals(ScheduleConfig.DEFAULT_WARMUP_FRACTION, cfg.warmupFraction(), EPS);
        LrSchedule s = cfg.create(1.0);
        assertEquals(0.2, s.lr(0, 100), EPS);
        assertEquals(1.0, s.lr(4, 100), EPS);
        assertEquals(0.1, s.lr(0, 200), EPS);
        assertEquals(0.02, ScheduleConfig.parse("step+warmup=0.02").warmupFraction(), EPS);
        assertEquals(200, ScheduleConfig.parse("constant+warmup=200").warmupSteps());
    }

    @Test
    void parseRejectsWhatItDoesNotKnow() {
        assertMessage("schedule.name must be one of constant, step, cosine, one-cycle, got linear",
                () -> ScheduleConfig.parse("linear"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleConfig.parse("cosine+warmup=abc"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleConfig.parse("cosine+cooldown"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleConfig.parse(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScheduleConfig.parse("one-cycle+warmup"));
        assertTrue(e.getMessage().startsWith("schedule.warmupSteps and schedule.warmupFraction"), e.getMessage());
        assertEquals("cosine", ScheduleConfig.parse(" Cosine ").name());
    }

    @Test
    void validationNamesTheField() {
        assertMessage("schedule.gamma must be in (0, 1], got 0.0",
                () -> ScheduleConfig.of("step").withMilestones(List.of(0.5), 0));
        assertMessage("schedule.milestones must be increasing fractions in (0, 1), got [0.7, 0.5]",
                () -> ScheduleConfig.of("step").withMilestones(List.of(0.7, 0.5), 0.1));
        assertMessage("schedule.warmupSteps must be >= 0, got -1", () -> ScheduleConfig.cosine().withWarmupSteps(-1));
        assertMessage("schedule.warmupFraction must be in [0, 1), got 1.0",
                () -> ScheduleConfig.cosine().withWarmupFraction(1));
        assertMessage("schedule.pctStart must be in (0, 1), got 0.0",
                () -> ScheduleConfig.oneCycle().withOneCycle(0, 25, 1e4));
        assertMessage("schedule.divFactor must be >= 1, got 0.5",
                () -> ScheduleConfig.oneCycle().withOneCycle(0.3, 0.5, 1e4));
        assertMessage("schedule.floorFactor must be in [0, 1], got 2.0",
                () -> ScheduleConfig.cosine().withFloorFactor(2));
    }
}
