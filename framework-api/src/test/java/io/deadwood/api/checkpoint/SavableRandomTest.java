package io.deadwood.api.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The saveable generator draws what SplittableRandom draws, so adopting it changed no result, and resumes exactly. */
class SavableRandomTest {

    @Test
    void drawsTheSameSequenceAsSplittableRandom() {
        for (long seed : new long[] {0, 1, -7, 0x9E3779B97F4A7C15L}) {
            SplittableRandom a = new SplittableRandom(seed);
            SavableRandom b = new SavableRandom(seed);
            for (int i = 0; i < 2000; i++) {
                switch (i % 6) {
                    case 0 -> assertEquals(a.nextLong(), b.nextLong());
                    case 1 -> assertEquals(a.nextInt(), b.nextInt());
                    case 2 -> assertEquals(a.nextDouble(), b.nextDouble());
                    case 3 -> assertEquals(a.nextGaussian(), b.nextGaussian());
                    case 4 -> assertEquals(a.nextInt(17 + i), b.nextInt(17 + i));
                    default -> assertEquals(a.nextLong(1000 + i), b.nextLong(1000 + i));
                }
            }
        }
    }

    @Test
    void aRestoredStateContinuesTheSequence() {
        SavableRandom a = new SavableRandom(3);
        for (int i = 0; i < 10; i++) a.nextGaussian();
        SavableRandom b = new SavableRandom(99);
        b.restore(a.state());
        for (int i = 0; i < 100; i++) assertEquals(a.nextGaussian(), b.nextGaussian());
    }

    @Test
    void configDifferencesNameTheFields() {
        var json = StateCodec.JSON;
        var stored = json.createObjectNode().put("epochs", 2).put("lr", 0.05);
        stored.putObject("methodConfig").put("rounds", 2);
        var now = json.createObjectNode().put("epochs", 3).put("lr", 0.05);
        now.putObject("methodConfig").put("rounds", 3);
        assertEquals(java.util.List.of("epochs: 2 -> 3", "methodConfig.rounds: 2 -> 3"),
                Checkpointing.differences("", stored, now));
    }
}
