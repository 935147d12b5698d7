package io.deadwood.reproduce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.control.ControlProblems;
import org.junit.jupiter.api.Test;

class ControlCommandTest {

    @Test
    void systemsListsEveryRegisteredSystem() {
        Cli r = Cli.run("control", "systems");
        assertEquals(0, r.exitCode(), r.err());
        for (String id : ControlProblems.discover(getClass().getClassLoader()).ids()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(id + " ")), id + " missing from:\n" + r.out());
        }
        Cli json = Cli.run("control", "systems", "--json");
        assertEquals(0, json.exitCode());
        assertTrue(json.out().contains("\"id\" : \"lqr\""), json.out());
    }

    @Test
    void solveWritesTheResultAndThePlot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path out = tmp.resolve("o");
        Cli r = Cli.run("control", "solve", "--system", "lqr", "--optimizer", "trapezoidal", "--intervals", "10", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("lqr with trapezoidal"), r.out());
        var json = io.deadwood.api.result.AtomicFiles.json().readTree(out.resolve("result.json").toFile());
        assertEquals("lqr", json.get("system").asText());
        assertTrue(json.get("converged").asBoolean(), json.toString());
        double cost = json.get("cost").asDouble();
        assertEquals(io.deadwood.control.systems.LinearQuadratic.optimalCost(), cost, 0.02 * cost, "N=10 is coarse, but near the optimum");
        assertEquals(11, json.get("times").size());
        assertTrue(json.get("solver").asText().startsWith("ipopt") || json.get("solver").asText().startsWith("sqp"), json.toString());
        byte[] png = java.nio.file.Files.readAllBytes(out.resolve("trajectory.png"));
        assertTrue(png.length > 100 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    }

    @Test
    void extragradientRunsWhenAskedAndSaysItStoppedEarly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path out = tmp.resolve("o");
        Cli r = Cli.run("control", "solve", "--system", "lqr", "--optimizer", "trapezoidal", "--intervals", "10",
                "--solver", "extragradient", "--max-iterations", "50", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("NOT converged (iteration limit (50) reached)"), r.out());
        var json = io.deadwood.api.result.AtomicFiles.json().readTree(out.resolve("result.json").toFile());
        assertTrue(json.get("solver").asText().startsWith("extragradient, as asked"), json.toString());
        assertTrue(!json.get("converged").asBoolean(), json.toString());
    }

    @Test
    void eachPureJavaSolverRunsWhenAskedAndReachesTheOptimum(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        for (String solver : new String[] {"sqp", "trust-region"}) {
            java.nio.file.Path out = tmp.resolve(solver);
            Cli r = Cli.run("control", "solve", "--system", "lqr", "--optimizer", "hermite-simpson", "--intervals", "20",
                    "--solver", solver, "--out", out.toString());
            assertEquals(0, r.exitCode(), r.err());
            var json = io.deadwood.api.result.AtomicFiles.json().readTree(out.resolve("result.json").toFile());
            assertTrue(json.get("solver").asText().startsWith(solver + ", as asked"), json.toString());
            assertTrue(json.get("converged").asBoolean(), json.toString());
            double best = io.deadwood.control.systems.LinearQuadratic.optimalCost();
            assertEquals(best, json.get("cost").asDouble(), 1e-4 * best, solver);
        }
    }

    @Test
    void badSolveInputIsOneErrorLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        String out = tmp.resolve("o").toString();
        String[][] cases = {
            {"--system", "nosuch", "--out", out},
            {"--system", "lqr", "--optimizer", "magic", "--out", out},
            {"--system", "lqr", "--intervals", "0", "--out", out},
            {"--system", "lqr", "--integrator", "rk9", "--out", out},
            {"--system", "lqr", "--optimizer", "fbsm", "--out", out},
            {"--system", "invasive-plant", "--optimizer", "multiple-shooting", "--intervals", "20", "--out", out},
        };
        String[] expected = {"unknown system 'nosuch'", "unknown optimizer 'magic'", "--intervals must be at least 1",
            "unknown integrator 'rk9'", "fbsm cannot solve lqr", "discrete time with 10 steps"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 2];
            args[0] = "control";
            args[1] = "solve";
            System.arraycopy(cases[i], 0, args, 2, cases[i].length);
            Cli r = Cli.run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.errorLine().startsWith("error: ") && r.errorLine().contains(expected[i]), r.errorLine());
            assertTrue(!java.nio.file.Files.exists(tmp.resolve("o")), "nothing written for " + String.join(" ", args));
        }
    }

    private static final String OUTSIDE = """
            package org.example.plugin;

            import io.deadwood.control.Bounds;
            import io.deadwood.control.ControlProblem;
            import org.hipparchus.CalculusFieldElement;

            public final class Outside implements ControlProblem {
                public String id() { return "outside"; }
                public String description() { return "a plugin system whose start breaks its own bound"; }
                public String source() { return "a test"; }
                public int states() { return 1; }
                public int controls() { return 1; }
                public double horizon() { return 1; }
                public double[] initialState() { return new double[] {5}; }
                public Bounds stateBounds() { return Bounds.of(1, 0, 1); }
                public Bounds controlBounds() { return Bounds.of(1, -1, 1); }
                public <T extends CalculusFieldElement<T>> T[] dynamics(T[] x, T[] u, T t) { return u.clone(); }
                public <T extends CalculusFieldElement<T>> T cost(T[] x, T[] u, T t) { return u[0].multiply(u[0]); }
            }
            """;

    @Test
    void aPluginSystemIsListedAndAnInfeasibleStartRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path plugins = tmp.resolve("plugins");
        SourceJar.build(plugins, "system.jar", java.util.Map.of("Outside", OUTSIDE),
                java.util.Map.of("io.deadwood.control.ControlProblem", "org.example.plugin.Outside\n"));
        Cli list = Cli.run("control", "systems", "--plugins", plugins.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("outside ")), list.out());
        Cli solve = Cli.run("control", "solve", "--system", "outside", "--plugins", plugins.toString(),
                "--out", tmp.resolve("o").toString());
        assertEquals(2, solve.exitCode(), solve.err());
        assertTrue(solve.errorLine().contains("starts outside its own state bounds"), solve.errorLine());
        assertTrue(!java.nio.file.Files.exists(tmp.resolve("o")));
    }

    @Test
    void controlAloneIsAUserError() {
        Cli r = Cli.run("control");
        assertEquals(2, r.exitCode());
        assertTrue(r.errorLine().startsWith("error: name a control command"), r.errorLine());
    }
}
