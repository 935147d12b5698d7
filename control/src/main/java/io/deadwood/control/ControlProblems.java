package io.deadwood.control;

import io.deadwood.api.plugin.BrokenProvider;
import io.deadwood.api.plugin.Discovery;
import java.util.List;

/** The control problems on a class path (Deadwood's own and any plugin jars), by id. */
public final class ControlProblems {
    private final Discovery<ControlProblem> problems;

    private ControlProblems(Discovery<ControlProblem> problems) {
        this.problems = problems;
    }

    public static ControlProblems discover(ClassLoader loader) {
        return new ControlProblems(Discovery.of(ControlProblem.class, loader, ControlProblem::id, false));
    }

    public List<ControlProblem> all() { return problems.all(); }

    public List<String> ids() { return problems.ids(); }

    public List<BrokenProvider> broken() { return problems.broken(); }

    /** @throws IllegalArgumentException naming the systems there are, and any broken plugin */
    public ControlProblem get(String id) {
        ControlProblem p = problems.find(id);
        if (p == null) {
            throw new IllegalArgumentException("unknown system '" + id + "'; choose one of: " + String.join(", ", problems.ids())
                    + problems.brokenNote() + " (see 'deadwood control systems')");
        }
        return p;
    }
}
