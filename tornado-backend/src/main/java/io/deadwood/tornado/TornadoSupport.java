package io.deadwood.tornado;

import io.deadwood.api.backend.ComputeBackend;
import java.util.List;

/**
 * The part of the backend that touches TornadoVM. Its one implementation lives in the source tree
 * that is compiled only when a TornadoVM SDK is present, and is loaded by name, so that this
 * module builds and its provider answers without the SDK.
 */
interface TornadoSupport {

    /** Name of the implementation class (src/tornado/java). */
    String IMPLEMENTATION = "io.deadwood.tornado.TornadoSdkSupport";

    /**
     * Starts TornadoVM's runtime and lists its devices, each as {@code backend:device name}.
     *
     * @throws RuntimeException or {@link Error} (TornadoVM's runtime throws
     *     {@link ExceptionInInitializerError} when it finds no OpenCL platform) with the reason
     */
    List<String> probeDevices();

    /** A backend on the chosen device; {@link #probeDevices()} has succeeded before. */
    ComputeBackend open();
}
