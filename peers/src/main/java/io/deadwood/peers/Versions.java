package io.deadwood.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The peer versions this module was built against, from its Maven properties. */
final class Versions {
    private static final Properties P = new Properties();

    static {
        try (InputStream in = Versions.class.getResourceAsStream("/peers.properties")) {
            P.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Versions() {
    }

    static String get(String key) {
        return P.getProperty(key, "unknown");
    }
}
