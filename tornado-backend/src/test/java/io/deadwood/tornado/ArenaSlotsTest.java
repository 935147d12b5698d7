package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArenaSlotsTest {
    @Test
    void regionsAreAlignedAndDoNotOverlap() {
        ArenaSlots slots = new ArenaSlots(1000);
        ArenaSlots.Slot a = slots.claim(new float[10], 10), b = slots.claim(new float[70], 70);
        assertEquals(0, a.offset);
        assertEquals(64, b.offset);
        assertEquals(134, slots.used());
        assertEquals(0, b.offset % ArenaSlots.ALIGN);
        assertFalse(a.valid, "a new region holds nothing yet");
    }

    @Test
    void arraysAreKeyedByIdentityNotContents() {
        ArenaSlots slots = new ArenaSlots(1000);
        float[] x = new float[8], y = new float[8];
        ArenaSlots.Slot sx = slots.claim(x, 8);
        assertSame(sx, slots.claim(x, 8));
        assertSame(sx, slots.find(x));
        assertNotSame(sx, slots.claim(y, 8));
        assertNull(slots.find(new float[8]));
    }

    @Test
    void aLongerClaimMovesTheKeyToANewRegion() {
        ArenaSlots slots = new ArenaSlots(1000);
        Object scratch = new Object();
        ArenaSlots.Slot small = slots.claim(scratch, 10);
        ArenaSlots.Slot big = slots.claim(scratch, 100);
        assertNotSame(small, big);
        assertTrue(big.offset >= small.offset + small.length);
        assertSame(big, slots.claim(scratch, 50), "a shorter claim keeps the region");
    }

    @Test
    void aFullArenaSaysSoAndClearStartsAgain() {
        ArenaSlots slots = new ArenaSlots(128);
        float[] a = new float[100], b = new float[100];
        slots.claim(a, 100).deviceNewer = true;
        assertNull(slots.claim(b, 100));
        List<?> newer = slots.deviceNewer();
        assertEquals(1, newer.size());
        slots.clear();
        assertEquals(0, slots.used());
        assertNull(slots.find(a));
        assertEquals(0, slots.claim(b, 100).offset);
    }
}
