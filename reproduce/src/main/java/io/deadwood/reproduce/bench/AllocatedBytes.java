package io.deadwood.reproduce.bench;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes allocated by every thread of the JVM so far, from the HotSpot thread bean. The
 * figure counts threads that have ended too, so a pool's worker threads are included however
 * they come and go; it does not count the boxes C2 later removes, only what was really allocated.
 */
public final class AllocatedBytes {
    private static final com.sun.management.ThreadMXBean THREADS = bean();

    private AllocatedBytes() {
    }

    private static com.sun.management.ThreadMXBean bean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b
                && b.isThreadAllocatedMemorySupported()) {
            if (!b.isThreadAllocatedMemoryEnabled()) b.setThreadAllocatedMemoryEnabled(true);
            return b;
        }
        return null;
    }

    /** Whether {@link #total} gives a figure on this JVM. */
    public static boolean supported() {
        return THREADS != null;
    }

    /** Bytes allocated on the heap by all threads since the JVM started, -1 when not supported. */
    public static long total() {
        return THREADS == null ? -1 : THREADS.getTotalThreadAllocatedBytes();
    }
}
