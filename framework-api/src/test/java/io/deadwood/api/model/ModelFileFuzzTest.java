package io.deadwood.api.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.FuzzContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the model file loader: any file either loads or fails with a {@link DeadwoodException};
 * nothing else escapes and nothing is allocated beyond what the file holds. The first byte of an
 * input picks its use. Even: the rest is a JSON header, a zero byte, then the tensor data, framed
 * as a model file with a correct length and checksum, so that the fuzzer gets past the checksum to
 * the header and the tensors. Odd: the rest is written as it is. Run with
 * {@code bin/fuzz model SECONDS}.
 */
class ModelFileFuzzTest {
    private static Path file;

    @BeforeAll
    static void folder() throws IOException {
        file = Files.createTempFile("model-fuzz", ".dwm");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    void load(byte[] input) throws IOException {
        if (input.length == 0) return;
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        Files.write(file, (input[0] & 1) == 0 ? framed(rest) : rest);
        try {
            ModelFile.load(file);
        } catch (DeadwoodException refused) {
            FuzzContract.checkRefusal(refused);
        }
    }

    /** Header up to the first zero byte, tensor data after it, framed as {@link ModelFile} writes it. */
    static byte[] framed(byte[] rest) {
        int zero = 0;
        while (zero < rest.length && rest[zero] != 0) zero++;
        byte[] header = Arrays.copyOf(rest, zero);
        byte[] data = zero < rest.length ? Arrays.copyOfRange(rest, zero + 1, rest.length) : new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("DWMODEL1".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(header.length).array());
        out.writeBytes(header);
        out.writeBytes(data);
        try {
            out.writeBytes(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
