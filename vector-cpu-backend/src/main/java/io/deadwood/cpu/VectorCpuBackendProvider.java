package io.deadwood.cpu;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.ComputeBackend;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether the Vector API can serve here, in the order Lucene checks it: the incubator
 * module must be in the boot layer, the JIT must include C2 (the interpreter and C1 run vector
 * code as slow object code) and the preferred species must be at least 128 bits wide. Vector API
 * classes are touched only after the module check passes, so an unsupported JVM gets a reason,
 * never a linkage error.
 */
public final class VectorCpuBackendProvider implements BackendProvider {
    private static final Logger LOG = LoggerFactory.getLogger(VectorCpuBackendProvider.class);
    private static final String MODULE = "jdk.incubator.vector";

    private volatile Availability availability;

    @Override public String id() { return VectorCpuBackend.ID; }
    @Override public int rank() { return 100; }

    @Override
    public String description() {
        return "Java Vector API on the CPU: packed SGEMM, im2col convolutions, multithreaded";
    }

    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            a = probe();
            if (!a.available()) LOG.info("{} backend unavailable: {}", id(), a.reason());
            availability = a;
        }
        return a;
    }

    private static Availability probe() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return Availability.no("the JVM was started without --add-modules " + MODULE);
        }
        String vmInfo = System.getProperty("java.vm.info", "");
        if (vmInfo.contains("interpreted mode")) {
            return Availability.no("the JIT is disabled (-Xint); vector code would run interpreted");
        }
        String c2Problem = c2Problem();
        if (c2Problem != null) return Availability.no(c2Problem);
        int bits = VectorShape.preferredBits();
        if (bits < 128) {
            return Availability.no("the preferred vector species is only " + bits + " bits wide (need 128 or more)");
        }
        return Availability.yes();
    }

    /** Reads the JIT flags through the HotSpot diagnostic bean where the JVM has one. */
    private static String c2Problem() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (bean == null) return null;
            int level = Integer.parseInt(bean.getVMOption("TieredStopAtLevel").getValue());
            if (level < 4) {
                return "C2 is disabled (-XX:TieredStopAtLevel=" + level + "); vector code needs the optimising JIT";
            }
            if ("false".equals(bean.getVMOption("UseCompiler").getValue())) {
                return "the JIT is disabled (-XX:-UseCompiler)";
            }
        } catch (RuntimeException | LinkageError e) {
            // not HotSpot, or no management module: nothing to read, so nothing to refuse on
            LOG.debug("could not read JIT flags: {}", e.toString());
        }
        return null;
    }

    @Override
    public List<String> devices() {
        if (!availability().available()) return List.of();
        int cpus = Runtime.getRuntime().availableProcessors();
        return List.of(String.format(Locale.ROOT, "cpu: %d threads, %d-bit vectors, %s",
                cpus, VectorShape.preferredBits(), System.getProperty("os.arch")));
    }

    @Override
    public ComputeBackend open(int threads) {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("the " + id() + " backend is not available here: " + a.reason());
        }
        return new VectorCpuBackend(threads);
    }
}
