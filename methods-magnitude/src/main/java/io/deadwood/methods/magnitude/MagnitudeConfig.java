package io.deadwood.methods.magnitude;

import java.util.List;

/**
 * Settings of global magnitude pruning. Defaults follow lottery-ticket practice (Frankle and Carbin
 * 2019; the AP paper's base method): iterative pruning of 20% of the remaining weights per round,
 * survivors rewound to the weights their cycle started from, every conv and dense kernel pruned
 * in one global ranking, the classifier included.
 *
 * <p>With this method alone {@code "cycle-start"} and {@code "init"} give the same weights, since each
 * cycle starts from the rewound ones; they part when something else moves the weights between
 * cycles (a wrapper that does not rewind, say). Both are offered so a config says what it means.
 *
 * @param mode              {@code "iterative"}: {@code rounds} prune rounds, each after a training
 *                          cycle, then one more cycle to train the final network; {@code "one-shot"}:
 *                          train, prune once to {@code targetSparsity}, train again (two cycles)
 * @param rate              iterative only: fraction of the REMAINING prunable weights removed per round,
 *                          in (0, 1); after k rounds (1 - rate)^k of them are left
 * @param rounds            iterative only: prune rounds, at least 1; the run trains {@code rounds + 1}
 *                          cycles (hence not called cycles)
 * @param targetSparsity    one-shot only: fraction of the prunable weights masked after the prune, in (0, 1)
 * @param rewind            what the survivors restart from after a prune: {@code "cycle-start"} (the weights
 *                          the cycle began with), {@code "init"} (the weights of the first cycle's start),
 *                          {@code "reinit"} (a fresh random initialisation) or {@code "none"} (keep the
 *                          trained weights and fine-tune them)
 * @param includeClassifier whether the classifier's kernel joins the ranking
 */
public record MagnitudeConfig(String mode, double rate, int rounds, double targetSparsity, String rewind,
                              boolean includeClassifier) {

    public static final List<String> MODES = List.of("iterative", "one-shot");
    public static final List<String> REWINDS = List.of("cycle-start", "init", "reinit", "none");

    public MagnitudeConfig {
        if (mode == null || !MODES.contains(mode)) {
            throw new IllegalArgumentException("mode must be one of " + MODES + ", got " + quoted(mode));
        }
        if (!(rate > 0 && rate < 1)) throw new IllegalArgumentException("rate must be in (0, 1), got " + rate);
        if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        if (!(targetSparsity > 0 && targetSparsity < 1)) {
            throw new IllegalArgumentException("targetSparsity must be in (0, 1), got " + targetSparsity);
        }
        if (rewind == null || !REWINDS.contains(rewind)) {
            throw new IllegalArgumentException("rewind must be one of " + REWINDS + ", got " + quoted(rewind));
        }
    }

    public static MagnitudeConfig defaults() {
        return new MagnitudeConfig("iterative", 0.2, 3, 0.8, "cycle-start", true);
    }

    public static MagnitudeConfig iterative(double rate, int rounds, String rewind) {
        return new MagnitudeConfig("iterative", rate, rounds, 0.8, rewind, true);
    }

    public static MagnitudeConfig oneShot(double targetSparsity, String rewind) {
        return new MagnitudeConfig("one-shot", 0.2, 1, targetSparsity, rewind, true);
    }

    public boolean oneShot() { return mode.equals("one-shot"); }

    /** Prune rounds this config makes: one for one-shot. */
    public int pruneRounds() { return oneShot() ? 1 : rounds; }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
