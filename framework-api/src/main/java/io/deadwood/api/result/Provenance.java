package io.deadwood.api.result;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.data.Dataset;
import java.util.List;

/**
 * Everything needed to rebuild and compare a run: the exact configuration, the seed, the data and
 * its file hashes, the backend and the software and machine it ran on.
 */
public record Provenance(
        JsonNode config,
        long seed,
        DataInfo data,
        BackendInfo backend,
        SoftwareInfo software,
        MachineInfo machine,
        String startedAt) {

    public record DataInfo(String spec, String name, int trainSamples, int testSamples,
                           List<Dataset.SourceFile> files) {
    }

    public record BackendInfo(String id, int threads, List<String> devices) {
    }

    public record SoftwareInfo(String deadwoodVersion, String gitCommit, String javaVersion, String javaVendor,
                               String jvm, List<String> jvmArguments) {
    }

    public record MachineInfo(String os, String osVersion, String arch, String cpu, int availableProcessors,
                              long maxHeapBytes, String hostname) {
    }
}
