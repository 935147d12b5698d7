package io.deadwood.tornado;

import io.deadwood.api.backend.ComputeBackend;
import java.util.ArrayList;
import java.util.List;
import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The TornadoVM side of the provider. Bailouts are errors here: TornadoVM's default is to run a
 * kernel it cannot compile as plain Java, silently, which would make a GPU run a slow CPU run that
 * looks correct. The device is TornadoVM's default unless {@code deadwood.tornado.device}
 * ({@code backend:device}, as listed by {@code bin/deadwood backends}) names another.
 */
public final class TornadoSdkSupport implements TornadoSupport {
    /** TornadoVM reads this once, when its runtime starts; set before anything touches it. */
    static final String BAILOUT_PROPERTY = "tornado.recover.bailout";
    static final String DEVICE_PROPERTY = "deadwood.tornado.device";
    /** Record per-kernel device time (tests use it to prove the kernels ran on the device). */
    static final String PROFILE_PROPERTY = "deadwood.tornado.profile";

    private static KernelStats lastStats;

    public TornadoSdkSupport() {
        if (System.getProperty(BAILOUT_PROPERTY) == null) System.setProperty(BAILOUT_PROPERTY, "False");
    }

    @Override
    public List<String> probeDevices() {
        List<String> out = new ArrayList<>();
        List<TornadoBackend> backends = TornadoExecutionPlan.getTornadoDeviceMap().getAllBackends();
        for (int b = 0; b < backends.size(); b++) {
            TornadoBackend backend = backends.get(b);
            for (int d = 0; d < backend.getNumDevices(); d++) {
                TornadoDevice dev = backend.getDevice(d);
                out.add(b + ":" + d + " " + backend.getBackendType() + " " + dev.getPhysicalDevice().getDeviceName()
                        + " (" + dev.getDeviceType() + ")");
            }
        }
        return out;
    }

    @Override
    public ComputeBackend open() {
        KernelStats stats = new KernelStats(Boolean.getBoolean(PROFILE_PROPERTY));
        synchronized (TornadoSdkSupport.class) {
            lastStats = stats;
        }
        return new TornadoComputeBackend(device(), stats);
    }

    /** The statistics of the backend opened last (for tests and diagnostics). */
    public static synchronized KernelStats lastStats() {
        return lastStats;
    }

    private static TornadoDevice device() {
        String choice = System.getProperty(DEVICE_PROPERTY, "").strip();
        if (choice.isEmpty()) return TornadoExecutionPlan.getDevice(0, 0);
        String[] parts = choice.split(":");
        try {
            return TornadoExecutionPlan.getDevice(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(DEVICE_PROPERTY + "=" + choice
                    + " is not a device; use backend:device as 'bin/deadwood backends' lists them", e);
        }
    }
}
