package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnCommandTest {

    @Test
    void learnWritesTheResultAndThePlot(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("o");
        Cli r = Cli.run("control", "learn", "--system", "lqr", "--method", "demp={\"regularizer\":\"positive-l2\",\"lambdaMax\":0.01}",
                "--epochs", "4", "--trajectories", "20", "--hidden", "16", "--intervals", "10", "--optimizer", "trapezoidal",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("lqr: planning on the true model costs"), r.out());
        var json = io.deadwood.api.result.AtomicFiles.json().readTree(out.resolve("result.json").toFile());
        assertEquals("deadwood.control-learn/1", json.get("schema").asText());
        assertEquals(2, json.get("variants").size());
        var demp = json.get("variants").get(1);
        assertEquals("demp", demp.get("method").asText());
        assertEquals(32, demp.get("unitsBefore").asInt());
        assertTrue(Double.isFinite(demp.get("costGap").asDouble()), demp.toString());
        assertTrue(json.get("software").has("gitCommit") && json.has("machine") && json.has("startedAt"), "provenance");
        byte[] png = Files.readAllBytes(out.resolve("trajectories.png"));
        assertTrue(png.length > 100 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    }

    @Test
    void badLearnInputIsOneErrorLine(@TempDir Path tmp) {
        String out = tmp.resolve("o").toString();
        String[][] cases = {
            {"--system", "nosuch", "--out", out},
            {"--system", "lqr", "--method", "nosuch", "--out", out},
            {"--system", "lqr", "--method", "demp={lambdaMax:", "--out", out},
            {"--system", "lqr", "--method", "demp={\"noSuchSetting\":1}", "--out", out},
            {"--system", "lqr", "--epochs", "0", "--out", out},
            {"--system", "lqr", "--activation", "gelu", "--out", out},
            {"--system", "lqr", "--window", "99", "--out", out},
            {"--system", "lqr", "--optimizer", "fbsm", "--out", out},
        };
        String[] expected = {"unknown system 'nosuch'", "method nosuch", "not valid JSON", "noSuchSetting",
            "epochs, batch and lr must be positive", "activation must be relu", "windowSteps must be in", "plan with a direct method"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 2];
            args[0] = "control";
            args[1] = "learn";
            System.arraycopy(cases[i], 0, args, 2, cases[i].length);
            Cli r = Cli.run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.errorLine().startsWith("error: ") && r.errorLine().contains(expected[i]), r.errorLine());
            assertTrue(!Files.exists(tmp.resolve("o")), "nothing written for " + String.join(" ", args));
        }
    }
}
