package io.deadwood.tornado;

import io.deadwood.api.backend.BackendProvider;
import io.deadwood.api.backend.ComputeBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The GPU backend through TornadoVM. TornadoVM ships as an SDK outside the registries this build
 * reaches, so the provider is always on the class path and explains what is missing.
 */
public final class TornadoBackendProvider implements BackendProvider {
    static final String RUNTIME_CLASS = "uk.ac.manchester.tornado.api.TornadoExecutionPlan";

    private final String tornadoHome;
    private final ClassLoader loader;

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

    @Override
    public Availability availability() {
        if (tornadoHome == null || tornadoHome.isBlank()) {
            return Availability.no("no TornadoVM SDK: TORNADOVM_HOME is not set (see the README's GPU section)");
        }
        if (!Files.isDirectory(Path.of(tornadoHome))) {
            return Availability.no("TORNADOVM_HOME=" + tornadoHome + " is not a folder");
        }
        try {
            Class.forName(RUNTIME_CLASS, false, loader);
        } catch (ClassNotFoundException e) {
            return Availability.no("TornadoVM's runtime is not on the class path; this build has no TornadoVM kernels yet");
        }
        return Availability.no("TornadoVM kernels are not part of this build yet");
    }

    @Override
    public List<String> devices() {
        return List.of();
    }

    @Override
    public ComputeBackend open(int threads) {
        throw new IllegalStateException("backend 'tornado' is not available: " + availability().reason());
    }
}
