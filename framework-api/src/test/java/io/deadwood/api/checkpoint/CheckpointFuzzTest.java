package io.deadwood.api.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.FuzzContract;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the checkpoint loader: any file either loads into a small residual model or is refused
 * with a {@link DeadwoodException}. The first byte of an input picks its use. Even: the rest is
 * the JSON body, framed with the magic and a correct checksum, so the fuzzer reaches the model
 * state. Odd: the rest is written as it is. Run with {@code bin/fuzz checkpoint SECONDS}.
 */
class CheckpointFuzzTest {
    private static Path file;

    @BeforeAll
    static void folder() throws IOException {
        file = Files.createTempFile("checkpoint-fuzz", ".dwck");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    void checkpoint(byte[] input) throws IOException {
        if (input.length == 0) return;
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        Files.write(file, (input[0] & 1) == 0 ? framed(rest) : rest);
        try {
            JsonNode state = CheckpointStore.read(file);
            Model model = ModelZoo.create("resnet20", 0.0625, new int[] {1, 8, 8}, 4);
            StateCodec.restoreModel(model, state.get("model"));
        } catch (DeadwoodException refused) {
            FuzzContract.checkRefusal(refused);
        }
    }

    static byte[] framed(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("DWCKPT01".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        byte[] head = out.toByteArray();
        try {
            out.writeBytes(MessageDigest.getInstance("SHA-256").digest(head));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
