package io.deadwood.methods.demp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OneCycleTest {
    private static final double MAX = 1e-3;
    private static final DempConfig CONFIG = DempConfig.DEFAULT.withLambdaMax(MAX).withNoise(5e-5, true);

    @Test
    void lambdaRisesFromAFractionOfThePeakToThePeakThenDecaysToItsFloorAndStays() {
        OneCycle l = OneCycle.lambda(CONFIG, 1000);
        assertEquals(1000, l.span());
        assertEquals(MAX / 25, l.at(0), 1e-15);
        assertEquals(MAX, l.at(300), 1e-15);
        assertEquals(MAX / 2.5e5, l.at(1000), 1e-15);
        assertEquals(MAX / 2.5e5, l.at(1001), 1e-15);
        assertEquals(MAX / 2.5e5, l.at(5000), 1e-15);
        // Half cosines: halfway up and halfway down sit at the means of their ends.
        assertEquals((MAX / 25 + MAX) / 2, l.at(150), 1e-12);
        assertEquals((MAX + MAX / 2.5e5) / 2, l.at(650), 1e-12);
        for (int t = 1; t <= 300; t++) assertTrue(l.at(t) > l.at(t - 1), "rises at " + t);
        for (int t = 301; t <= 1000; t++) assertTrue(l.at(t) < l.at(t - 1), "falls at " + t);
        // Flat at both turning points, as a cosine is.
        assertTrue(l.at(301) > MAX * 0.9999 && l.at(299) > MAX * 0.9999);
        assertTrue(l.at(999) - l.end() < MAX * 1e-4);
    }

    @Test
    void spanIsAFractionOfTheRun() {
        DempConfig half = new DempConfig("bn-l1", MAX, 0.5, 25, 2.5e5, 0.3, 5e-5, true, 0, 0.04, 0, 1, true, "sequential");
        OneCycle l = OneCycle.lambda(half, 1000);
        assertEquals(500, l.span());
        assertEquals(MAX, l.at(150), 1e-15);
        assertEquals(MAX / 2.5e5, l.at(500), 1e-15);
        assertEquals(MAX / 2.5e5, l.at(999), 1e-15);
    }

    @Test
    void sigmaHasTheSameShapeWithTheNoisePeak() {
        OneCycle l = OneCycle.lambda(CONFIG, 777), s = OneCycle.sigma(CONFIG, 777);
        for (int t = 0; t < 900; t += 7) assertEquals(l.at(t) / MAX * 5e-5, s.at(t), 1e-18, "step " + t);
        assertEquals(5e-5, s.at(0.3 * 777), 1e-18);
    }

    @Test
    void aPeakAtEitherEndDropsThatHalf() {
        OneCycle down = new OneCycle(1, 25, 100, 0, 10);
        assertEquals(1, down.at(0));
        assertEquals(0.01, down.at(10), 1e-12);
        OneCycle up = new OneCycle(1, 25, 100, 1, 10);
        assertEquals(0.04, up.at(0), 1e-12);
        assertEquals(1, up.at(9.999), 1e-6);
    }

    @Test
    void theSessionSchedulesOverItsRun() {
        var session = new DempSession(CONFIG, Tiny.context(Tiny.model("vgg11", 1), 5, 40));
        assertEquals(200, session.lambdaSchedule().span());
        assertEquals(MAX, session.lambdaSchedule().at(60), 1e-15);
        assertEquals(5e-5, session.sigmaSchedule().at(60), 1e-18);
    }
}
