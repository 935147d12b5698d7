package io.deadwood.tornado;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which region of a device arena holds which host array. Regions are handed out from the bottom
 * up and never freed one by one: a training step reuses the same tensors, so the arena fills once
 * and stays put. When it is full the owner hands every region back to the host and starts again
 * ({@link #clear}), which also drops the regions of arrays that the garbage collector has taken
 * (the table holds its keys weakly; arrays compare by identity).
 */
final class ArenaSlots {
    /** Regions start on 64-element boundaries (256 bytes of floats), which GPUs read fastest. */
    static final int ALIGN = 64;

    /** One region and what it holds. */
    static final class Slot {
        final int offset;
        final int length;
        /** The device copy holds the array's current values (the host's, or newer ones). */
        boolean valid;
        /** The device copy is newer than the host array. */
        boolean deviceNewer;
        /** The host took the device's newer values back: its next upload completes a round trip. */
        boolean handedBack;

        Slot(int offset, int length) {
            this.offset = offset;
            this.length = length;
        }
    }

    private final Map<Object, Slot> slots = new WeakHashMap<>();
    private final long capacity;
    private long top;

    ArenaSlots(long capacity) {
        this.capacity = capacity;
    }

    long capacity() { return capacity; }

    /** Elements handed out so far, alignment included. */
    long used() { return top; }

    /** The region of {@code key}, or null. */
    Slot find(Object key) {
        return slots.get(key);
    }

    /**
     * The region of {@code key}, at least {@code length} long: its current one if that is long enough,
     * else a new one (invalid until filled), or null when the arena has no room left.
     */
    Slot claim(Object key, int length) {
        Slot s = slots.get(key);
        if (s != null && s.length >= length) return s;
        long start = (top + ALIGN - 1) / ALIGN * ALIGN;
        if (start + length > capacity) return null;
        s = new Slot((int) start, length);
        top = start + length;
        slots.put(key, s);
        return s;
    }

    /** Every live key whose device copy is newer than its host array. */
    List<Map.Entry<Object, Slot>> deviceNewer() {
        List<Map.Entry<Object, Slot>> out = new ArrayList<>();
        for (Map.Entry<Object, Slot> e : slots.entrySet()) {
            if (e.getValue().deviceNewer) out.add(Map.entry(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Forgets every region; the caller has handed the newer ones back to the host first. */
    void clear() {
        slots.clear();
        top = 0;
    }
}
