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
    void controlAloneIsAUserError() {
        Cli r = Cli.run("control");
        assertEquals(2, r.exitCode());
        assertTrue(r.errorLine().startsWith("error: name a control command"), r.errorLine());
    }
}
