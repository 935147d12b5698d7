package io.deadwood.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which data checksums, model hashes, checkpoints and model files all use. */
public final class Sha256 {
    private Sha256() {
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** The digest of data[0, length). */
    public static byte[] of(byte[] data, int length) {
        MessageDigest md = digest();
        md.update(data, 0, length);
        return md.digest();
    }
}
