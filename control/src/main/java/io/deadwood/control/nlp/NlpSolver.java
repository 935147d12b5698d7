package io.deadwood.control.nlp;

/** Solves an {@link Nlp}: IPOPT through its C interface where it is installed, or a pure-Java SQP. */
public interface NlpSolver {

    /** {@code ipopt}, {@code sqp}, ... */
    String id();

    /** Whether it can run here (IPOPT: the library was found), and if not, why. */
    default Availability availability() { return Availability.AVAILABLE; }

    NlpSolution solve(Nlp nlp, NlpOptions options);

    /** Whether a solver can run, with the reason when it cannot. */
    record Availability(boolean available, String reason) {
        public static final Availability AVAILABLE = new Availability(true, "");
    }
}
