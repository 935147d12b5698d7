package io.deadwood.control.nlp.ipopt;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The entry points of IPOPT's C interface (IpStdCInterface.h) as downcall handles. Bound to the
 * 3.11-3.13 ABI: Index and Bool are C int, Number is double.
 */
final class IpoptLibrary {

    static final List<String> DEFAULT_NAMES = List.of("libipopt.so.1", "libipopt.so");
    static final String INSTALL = "as root: apt-get install -y coinor-libipopt1v5";

    final String name;
    final MethodHandle create;
    final MethodHandle free;
    final MethodHandle addStrOption;
    final MethodHandle addNumOption;
    final MethodHandle addIntOption;
    final MethodHandle setIntermediateCallback;
    final MethodHandle solve;

    private IpoptLibrary(String name, SymbolLookup lookup) {
        this.name = name;
        Linker linker = Linker.nativeLinker();
        create = linker.downcallHandle(symbol(lookup, "CreateIpoptProblem"), FunctionDescriptor.of(ADDRESS,
                JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        free = linker.downcallHandle(symbol(lookup, "FreeIpoptProblem"), FunctionDescriptor.ofVoid(ADDRESS));
        addStrOption = linker.downcallHandle(symbol(lookup, "AddIpoptStrOption"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        addNumOption = linker.downcallHandle(symbol(lookup, "AddIpoptNumOption"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE));
        addIntOption = linker.downcallHandle(symbol(lookup, "AddIpoptIntOption"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        setIntermediateCallback = linker.downcallHandle(symbol(lookup, "SetIntermediateCallback"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        solve = linker.downcallHandle(symbol(lookup, "IpoptSolve"), FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    }

    private static MemorySegment symbol(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalStateException("no symbol " + name));
    }

    /** The first of {@code names} that loads as an IPOPT this class can bind, or why none does. */
    static Loaded open(List<String> names) {
        String newer = null;
        for (String candidate : names) {
            SymbolLookup lookup;
            try {
                // dlopen's own search: LD_LIBRARY_PATH, the ld.so cache and the standard directories.
                lookup = SymbolLookup.libraryLookup(candidate, Arena.global());
            } catch (IllegalArgumentException notFound) {
                continue;
            } catch (IllegalCallerException denied) {
                return new Loaded(null, "this JVM does not allow native access, which IPOPT needs;"
                        + " run it with --enable-native-access=ALL-UNNAMED");
            }
            // 3.14 added GetIpoptVersion and made Bool a C bool: binding it as int would misread
            // every Bool it returns, so it is refused rather than half-supported.
            if (lookup.find("GetIpoptVersion").isPresent()) {
                newer = candidate;
                continue;
            }
            if (lookup.find("IpoptSolve").isEmpty()) continue;
            return new Loaded(new IpoptLibrary(candidate, lookup), null);
        }
        if (newer != null) {
            return new Loaded(null, "the IPOPT found (" + newer + ") is 3.14 or newer, whose C interface this solver"
                    + " does not bind; install IPOPT 3.11 to 3.13 (" + INSTALL + ")");
        }
        return new Loaded(null, "IPOPT is not installed (no " + String.join(" or ", names)
                + " in the library paths); " + INSTALL);
    }

    /** Either a library or the reason there is none. */
    record Loaded(IpoptLibrary library, String reason) {
    }
}
