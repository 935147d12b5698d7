package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.deadwood.reproduce.TinyData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --export-onnx} and {@code export --load ... --onnx} end to end, and their bad input. */
class ExportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aPrunedRunExportsFromTrainAndFromItsSavedModelAlike() throws Exception {
        Path data = TinyData.writeIdx(tmp.resolve("data"), 128, 32);
        Path direct = tmp.resolve("direct.onnx"), saved = tmp.resolve("model.dwm"), later = tmp.resolve("later.onnx");
        Cli r = Cli.run("train", "--model", "resnet20", "--width", "0.25", "--data", "idx:" + data, "--epochs", "2",
                "--batch", "32", "--method", "random-structured", "--method-config", "{\"targetSparsity\":0.4,\"pruneAt\":0.5}",
                "--out", tmp.resolve("run").toString(), "--save", saved.toString(), "--export-onnx", direct.toString());
        assertEquals(0, r.exitCode(), r.err());
        Cli e = Cli.run("export", "--load", saved.toString(), "--onnx", later.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.out().contains("wrote " + later), e.out());
        assertEquals(Files.size(direct), Files.size(later), "the saved model exports to the same graph");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(later.toString(), new OrtSession.SessionOptions())) {
            var meta = s.getMetadata().getCustomMetadata();
            assertEquals("resnet20", meta.get("deadwood.model"));
            assertTrue(meta.containsKey("deadwood.git.commit") && meta.containsKey("deadwood.normalization.mean"), meta.toString());
            assertTrue(s.getInputNames().contains("input") && s.getOutputNames().contains("logits"));
        }
    }

    @Test
    void aMissingModelFileIsOneErrorLineAndNoFile() {
        Path out = tmp.resolve("x.onnx");
        Cli r = Cli.run("export", "--load", tmp.resolve("nowhere.dwm").toString(), "--onnx", out.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.errorLine().startsWith("error: ") && r.errorLine().contains("nowhere.dwm"), r.errorLine());
        assertFalse(Files.exists(out));
    }
}
