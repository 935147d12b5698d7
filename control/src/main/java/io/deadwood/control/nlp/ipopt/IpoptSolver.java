package io.deadwood.control.nlp.ipopt;

import io.deadwood.control.nlp.Nlp;
import io.deadwood.control.nlp.NlpOptions;
import io.deadwood.control.nlp.NlpSolution;
import io.deadwood.control.nlp.NlpSolver;
import io.deadwood.control.nlp.Violation;
import io.deadwood.control.nlp.SparsityPattern;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

/**
 * IPOPT (interior point, Wächter and Biegler) through its C interface, called with the foreign
 * function API: exact gradients and sparse constraint Jacobians from the {@link Nlp}, and IPOPT's
 * limited-memory (L-BFGS) approximation of the Lagrangian's Hessian. IPOPT prints nothing. Only
 * IPOPT's Solve_Succeeded counts as converged: Solved_To_Acceptable_Level meets IPOPT's looser
 * acceptable tolerance, not the one asked for, and is reported by name as not converged.
 * Needs the shared library ({@code apt-get install -y coinor-libipopt1v5}) and a JVM allowed native
 * access ({@code --enable-native-access=ALL-UNNAMED}).
 */
public final class IpoptSolver implements NlpSolver {

    /** IPOPT reads bounds at or beyond these as absent. */
    static final double INFINITE_BOUND = 1e19;

    /** IPOPT's linear solver (MUMPS) keeps global state, so solves in one process take turns. */
    private static final Object SOLVE_LOCK = new Object();

    private final IpoptLibrary library;
    private final Availability availability;

    public IpoptSolver() { this(IpoptLibrary.DEFAULT_NAMES); }

    /** Looks for the library under these names instead; a name that is not there acts as a missing IPOPT. */
    IpoptSolver(List<String> libraryNames) {
        IpoptLibrary.Loaded loaded = IpoptLibrary.open(libraryNames);
        library = loaded.library();
        availability = library == null
                ? new Availability(false, loaded.reason())
                : new Availability(true, "IPOPT found as " + library.name);
    }

    @Override public String id() { return "ipopt"; }

    @Override public Availability availability() { return availability; }

    @Override
    public NlpSolution solve(Nlp nlp, NlpOptions options) {
        if (library == null) throw new IllegalStateException("IPOPT cannot run: " + availability.reason());
        if (!(options.tolerance() > 0)) {
            throw new IllegalArgumentException("tolerance must be positive, got " + options.tolerance());
        }
        if (options.maxIterations() < 0) {
            throw new IllegalArgumentException("maxIterations must be at least 0, got " + options.maxIterations());
        }
        int n = nlp.variables();
        int m = nlp.constraints();
        if (n < 1) throw new IllegalArgumentException("IPOPT needs at least one variable");
        SparsityPattern pattern = nlp.jacobianPattern();
        if (pattern.rows() != m || pattern.columns() != n) {
            throw new IllegalArgumentException("the Jacobian pattern is " + pattern.rows() + " x " + pattern.columns()
                    + " for " + m + " constraints and " + n + " variables");
        }
        int nonZeros = pattern.size();
        double[] start = nlp.start();
        if (start.length != n) {
            throw new IllegalArgumentException("the start has " + start.length + " entries for " + n + " variables");
        }
        synchronized (SOLVE_LOCK) {
            try (Arena arena = Arena.ofConfined()) {
                return run(nlp, options, arena, n, m, nonZeros, start);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("calling IPOPT failed: " + t, t);
            }
        }
    }

    private NlpSolution run(Nlp nlp, NlpOptions options, Arena arena, int n, int m, int nonZeros, double[] start)
            throws Throwable {
        IpoptCallbacks callbacks = new IpoptCallbacks(nlp, arena);
        MemorySegment problem = (MemorySegment) library.create.invokeExact(n,
                bounds(arena, nlp.variableLower(), n), bounds(arena, nlp.variableUpper(), n),
                m, bounds(arena, nlp.constraintLower(), m), bounds(arena, nlp.constraintUpper(), m),
                nonZeros, 0, 0,
                callbacks.evalF, callbacks.evalG, callbacks.evalGradF, callbacks.evalJacG, callbacks.evalH);
        if (problem.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("IPOPT refused the problem (" + n + " variables, " + m
                    + " constraints, " + nonZeros + " Jacobian entries)");
        }
        try {
            // Silence first, so that nothing (not even the banner) reaches standard output.
            option(arena, problem, "print_level", 0);
            option(arena, problem, "sb", "yes");
            option(arena, problem, "hessian_approximation", "limited-memory");
            option(arena, problem, "nlp_lower_bound_inf", -INFINITE_BOUND);
            option(arena, problem, "nlp_upper_bound_inf", INFINITE_BOUND);
            option(arena, problem, "tol", options.tolerance());
            option(arena, problem, "constr_viol_tol", options.tolerance());
            option(arena, problem, "max_iter", options.maxIterations());
            if (Double.isFinite(options.maxSeconds())) option(arena, problem, "max_cpu_time", options.maxSeconds());
            int accepted = (int) library.setIntermediateCallback.invokeExact(problem, callbacks.intermediate);
            if (accepted == 0) throw new IllegalStateException("IPOPT refused the intermediate callback");

            MemorySegment x = arena.allocate(JAVA_DOUBLE, n);
            MemorySegment.copy(start, 0, x, JAVA_DOUBLE, 0, n);
            MemorySegment objective = arena.allocate(JAVA_DOUBLE);
            long began = System.nanoTime();
            int status = (int) library.solve.invokeExact(problem, x, MemorySegment.NULL, objective,
                    MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
            double seconds = (System.nanoTime() - began) / 1e9;
            if (callbacks.failure() != null) throw callbacks.failure();
            double[] z = x.toArray(JAVA_DOUBLE);
            // f is evaluated here rather than read from obj_val, which IPOPT leaves unset when it
            // stops before finalising (an invalid problem or option).
            return new NlpSolution(z, nlp.objective(z), Violation.of(nlp, z), IpoptStatus.converged(status),
                    IpoptStatus.describe(status), callbacks.iterations(), seconds, "ipopt (" + library.name + ")");
        } finally {
            library.free.invokeExact(problem);
        }
    }

    /** IPOPT copies these; infinities become its ±1e19 so they read as no bound. */
    private static MemorySegment bounds(Arena arena, double[] values, int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException("bounds of length " + values.length + " where " + expected + " were expected");
        }
        double[] clamped = new double[expected];
        for (int i = 0; i < expected; i++) {
            if (Double.isNaN(values[i])) throw new IllegalArgumentException("bound " + i + " is NaN");
            clamped[i] = Math.clamp(values[i], -INFINITE_BOUND, INFINITE_BOUND);
        }
        return expected == 0 ? MemorySegment.NULL : arena.allocateFrom(JAVA_DOUBLE, clamped);
    }

    private void option(Arena arena, MemorySegment problem, String key, String value) throws Throwable {
        check(key, value, (int) library.addStrOption.invokeExact(problem, arena.allocateFrom(key), arena.allocateFrom(value)));
    }

    private void option(Arena arena, MemorySegment problem, String key, double value) throws Throwable {
        check(key, value, (int) library.addNumOption.invokeExact(problem, arena.allocateFrom(key), value));
    }

    private void option(Arena arena, MemorySegment problem, String key, int value) throws Throwable {
        check(key, value, (int) library.addIntOption.invokeExact(problem, arena.allocateFrom(key), value));
    }

    private static void check(String key, Object value, int accepted) {
        if (accepted == 0) throw new IllegalArgumentException("IPOPT refused option " + key + " = " + value);
    }
}
