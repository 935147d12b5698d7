package io.deadwood.api.result;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the software and machine facts that go into provenance. */
public final class MachineProbe {
    private MachineProbe() {
    }

    public static Provenance.SoftwareInfo software() {
        String version = MachineProbe.class.getPackage().getImplementationVersion();
        return new Provenance.SoftwareInfo(
                version != null ? version : System.getProperty("deadwood.version", "development"),
                System.getProperty("deadwood.git.commit", "unknown"),
                System.getProperty("java.version"),
                System.getProperty("java.vendor"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }

    public static Provenance.MachineInfo machine() {
        return new Provenance.MachineInfo(
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("os.arch"),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory(),
                hostname());
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
