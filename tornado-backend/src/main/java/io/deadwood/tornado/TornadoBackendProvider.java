package io.deadwood.tornado;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.ComputeBackend;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The GPU backend through TornadoVM. TornadoVM ships as an SDK outside the registries this build
 * reaches, so the provider is always on the class path and explains what is missing: the SDK, its
 * JVM flags, the kernels in this build, or a device. Once all are there it lists the devices.
 */
public final class TornadoBackendProvider implements BackendProvider {
    static final String RUNTIME_CLASS = "uk.ac.manchester.tornado.api.TornadoExecutionPlan";

    private final String tornadoHome;
    private final ClassLoader loader;
    private Probe probe;

    public TornadoBackendProvider() {
        this(System.getenv("TORNADOVM_HOME"), TornadoBackendProvider.class.getClassLoader());
    }

    TornadoBackendProvider(String tornadoHome, ClassLoader loader) {
        this.tornadoHome = tornadoHome;
        this.loader = loader;
    }

    @Override public String id() { return "tornado"; }
    @Override public int rank() { return 200; }
    @Override public String description() { return "TornadoVM: the training math on GPUs (OpenCL, PTX, SPIR-V)"; }

    /** What the runtime said, found once per provider: TornadoVM starts its drivers only once. */
    private record Probe(Availability availability, List<String> devices, TornadoSupport support) {
        static Probe no(String reason) { return new Probe(Availability.no(reason), List.of(), null); }
    }

    @Override
    public Availability availability() {
        return probe().availability();
    }

    @Override
    public List<String> devices() {
        return probe().devices();
    }

    @Override
    public ComputeBackend open(int threads) {
        Probe p = probe();
        if (!p.availability().available()) {
            throw new IllegalStateException("backend 'tornado' is not available: " + p.availability().reason());
        }
        return p.support().open();
    }

    private synchronized Probe probe() {
        if (probe == null) probe = findProbe();
        return probe;
    }

    private Probe findProbe() {
        if (tornadoHome == null || tornadoHome.isBlank()) {
            return Probe.no("no TornadoVM SDK: TORNADOVM_HOME is not set (see the README's GPU section)");
        }
        if (!Files.isDirectory(Path.of(tornadoHome))) {
            return Probe.no("TORNADOVM_HOME=" + tornadoHome + " is not a folder");
        }
        try {
            Class.forName(RUNTIME_CLASS, false, loader);
        } catch (ClassNotFoundException e) {
            return Probe.no("TornadoVM's runtime is not on this JVM's module path; start with "
                    + "'bin/deadwood --backend tornado', which adds the SDK's JVM flags");
        }
        TornadoSupport support;
        try {
            support = (TornadoSupport) Class.forName(TornadoSupport.IMPLEMENTATION, true, loader)
                    .getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return Probe.no("this build has no TornadoVM kernels (it was built without TORNADOVM_HOME); "
                    + "rebuild with TORNADOVM_HOME set");
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            return Probe.no("the TornadoVM kernels of this build do not load with this SDK: " + describe(cause));
        }
        try {
            List<String> devices = List.copyOf(support.probeDevices());
            if (devices.isEmpty()) return Probe.no("TornadoVM found no device");
            return new Probe(Availability.yes(), devices, support);
        } catch (ExceptionInInitializerError e) {
            return Probe.no("TornadoVM could not start a driver (no OpenCL platform or GPU driver found: install "
                    + "the GPU's OpenCL/CUDA driver, or pocl-opencl-icd for a CPU device): " + describe(e.getCause()));
        } catch (RuntimeException | LinkageError e) {
            return Probe.no("TornadoVM could not start: " + describe(e));
        }
    }

    private static String describe(Throwable t) {
        if (t == null) return "no detail";
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg.strip().lines().findFirst().orElse(""));
    }
}
