package io.deadwood.control.nlp.ipopt;

import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolver;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs with or without IPOPT installed: the missing case is simulated by a name no library has. */
class IpoptAvailabilityTest {

    @Test
    void aMissingLibraryIsUnavailableWithTheReason() {
        IpoptSolver missing = new IpoptSolver(List.of("libipopt-not-here.so.7"));
        assertEquals("ipopt", missing.id());
        NlpSolver.Availability a = missing.availability();
        assertFalse(a.available());
        assertTrue(a.reason().startsWith("IPOPT is not installed"), a.reason());
        assertTrue(a.reason().contains("libipopt-not-here.so.7"), a.reason());
        assertTrue(a.reason().endsWith("as root: apt-get install -y coinor-libipopt1v5"), a.reason());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> missing.solve(TestProblems.hs71(), NlpOptions.defaults()));
        assertTrue(e.getMessage().contains(a.reason()), e.getMessage());
    }

    @Test
    void aLibraryThatIsNotIpoptIsPassedOver() {
        // libm is present wherever the JVM runs, and has no IpoptSolve.
        IpoptSolver notIpopt = new IpoptSolver(List.of("libm.so.6", "libipopt-not-here.so.7"));
        assertFalse(notIpopt.availability().available());
        assertTrue(notIpopt.availability().reason().startsWith("IPOPT is not installed"), notIpopt.availability().reason());
    }
}
