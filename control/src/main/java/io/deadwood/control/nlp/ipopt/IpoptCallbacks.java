package io.deadwood.control.nlp.ipopt;

import io.deadwood.control.nlp.Nlp;
import io.deadwood.control.nlp.SparsityPattern;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The eval_* and intermediate callbacks of one solve, as upcall stubs into an {@link Nlp}. An
 * exception escaping an upcall would kill the JVM, so each one is caught, kept, and answered with
 * FALSE; IPOPT then stops and {@link #failure()} is rethrown by the solver.
 */
final class IpoptCallbacks {

    private static final int TRUE = 1;
    private static final int FALSE = 0;

    private final Nlp nlp;
    private final SparsityPattern pattern;
    private Throwable failure;
    private int iterations;

    final MemorySegment evalF;
    final MemorySegment evalG;
    final MemorySegment evalGradF;
    final MemorySegment evalJacG;
    final MemorySegment evalH;
    final MemorySegment intermediate;

    IpoptCallbacks(Nlp nlp, Arena arena) {
        this.nlp = nlp;
        this.pattern = nlp.jacobianPattern();
        evalF = stub(arena, "evalF", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        evalGradF = stub(arena, "evalGradF", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        evalG = stub(arena, "evalG", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        evalJacG = stub(arena, "evalJacG", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        evalH = stub(arena, "evalH", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE,
                JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        intermediate = stub(arena, "intermediate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE,
                JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_INT,
                ADDRESS));
    }

    private MemorySegment stub(Arena arena, String method, FunctionDescriptor descriptor) {
        try {
            MethodHandle target = MethodHandles.lookup()
                    .findVirtual(IpoptCallbacks.class, method, descriptor.toMethodType())
                    .bindTo(this);
            return Linker.nativeLinker().upcallStub(target, descriptor, arena);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("callback " + method + " does not match IPOPT's signature", e);
        }
    }

    /** The first exception an evaluation threw, or null. */
    Throwable failure() { return failure; }

    /** IPOPT's count at its last intermediate call: iterations completed. */
    int iterations() { return iterations; }

    private int fail(Throwable t) {
        if (failure == null) failure = t;
        return FALSE;
    }

    private static double[] read(MemorySegment p, int n) {
        return p.reinterpret((long) n * Double.BYTES).toArray(JAVA_DOUBLE);
    }

    private static void write(double[] values, int expected, String what, MemorySegment p) {
        if (values.length != expected) {
            throw new IllegalStateException(what + " has " + values.length + " entries, expected " + expected);
        }
        MemorySegment.copy(values, 0, p.reinterpret((long) expected * Double.BYTES), JAVA_DOUBLE, 0, expected);
    }

    int evalF(int n, MemorySegment x, int newX, MemorySegment objValue, MemorySegment userData) {
        try {
            objValue.reinterpret(Double.BYTES).set(JAVA_DOUBLE, 0, nlp.objective(read(x, n)));
            return TRUE;
        } catch (Throwable t) {
            return fail(t);
        }
    }

    int evalGradF(int n, MemorySegment x, int newX, MemorySegment gradF, MemorySegment userData) {
        try {
            write(nlp.gradient(read(x, n)), n, "the gradient", gradF);
            return TRUE;
        } catch (Throwable t) {
            return fail(t);
        }
    }

    int evalG(int n, MemorySegment x, int newX, int m, MemorySegment g, MemorySegment userData) {
        try {
            write(nlp.constraintValues(read(x, n)), m, "the constraint values", g);
            return TRUE;
        } catch (Throwable t) {
            return fail(t);
        }
    }

    /** With {@code values} NULL IPOPT asks for the structure, otherwise for the values at x. */
    int evalJacG(int n, MemorySegment x, int newX, int m, int nonZeros, MemorySegment iRow, MemorySegment jCol,
                 MemorySegment values, MemorySegment userData) {
        try {
            if (values.equals(MemorySegment.NULL)) {
                MemorySegment rows = iRow.reinterpret((long) nonZeros * Integer.BYTES);
                MemorySegment cols = jCol.reinterpret((long) nonZeros * Integer.BYTES);
                MemorySegment.copy(pattern.row(), 0, rows, JAVA_INT, 0, nonZeros);
                MemorySegment.copy(pattern.column(), 0, cols, JAVA_INT, 0, nonZeros);
            } else {
                write(nlp.jacobianValues(read(x, n)), nonZeros, "the Jacobian values", values);
            }
            return TRUE;
        } catch (Throwable t) {
            return fail(t);
        }
    }

    /** Never asked for: the solver runs IPOPT with its limited-memory Hessian approximation. */
    int evalH(int n, MemorySegment x, int newX, double objFactor, int m, MemorySegment lambda, int newLambda,
              int nonZeros, MemorySegment iRow, MemorySegment jCol, MemorySegment values, MemorySegment userData) {
        return fail(new IllegalStateException("IPOPT asked for exact Hessian values, which this solver does not provide"));
    }

    /** Returning FALSE asks IPOPT to stop: done once an evaluation has failed. */
    int intermediate(int algorithmMode, int iteration, double objective, double primalInfeasibility,
                     double dualInfeasibility, double mu, double stepNorm, double regularisation, double dualStep,
                     double primalStep, int lineSearchTrials, MemorySegment userData) {
        iterations = iteration;
        return failure == null ? TRUE : FALSE;
    }
}
