package io.deadwood.api.train.schedule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * The learning-rate schedule of a run, relative to the optimiser's base lr.
 *
 * <ul>
 *   <li>{@code constant}: the base lr throughout.</li>
 *   <li>{@code step}: multiplied by {@code gamma} at each of {@code milestones}, given as fractions
 *       of the run (default 0.5 and 0.75, gamma 0.1).</li>
 *   <li>{@code cosine}: half a cosine from the base lr down to {@code floorFactor * lr} (default 0).</li>
 *   <li>{@code one-cycle}: PyTorch's {@code OneCycleLR} (cosine): from lr/{@code divFactor} up to lr
 *       at {@code pctStart} of the run, then down to lr/({@code divFactor * finalDivFactor});
 *       defaults 0.3, 25, 1e4. It warms up by itself, so it takes no separate warm-up.</li>
 * </ul>
 * Any other shape may start with a linear warm-up of {@code warmupSteps} steps or
 * {@code warmupFraction} of the run (at most one of the two non-zero); see
 * {@link Schedules#withWarmup}. Fields that the chosen shape does not use keep their defaults.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ScheduleConfig(String name, long warmupSteps, double warmupFraction, List<Double> milestones,
                             double gamma, double floorFactor, double pctStart, double divFactor,
                             double finalDivFactor) {

    public static final String CONSTANT = "constant";
    public static final String STEP = "step";
    public static final String COSINE = "cosine";
    public static final String ONE_CYCLE = "one-cycle";
    public static final List<String> NAMES = List.of(CONSTANT, STEP, COSINE, ONE_CYCLE);

    /** Warm-up length that a bare {@code +warmup} on the command line asks for. */
    public static final double DEFAULT_WARMUP_FRACTION = 0.05;

    private static final List<Double> DEFAULT_MILESTONES = List.of(0.5, 0.75);
    private static final double DEFAULT_GAMMA = 0.1;
    private static final double DEFAULT_PCT_START = 0.3;
    private static final double DEFAULT_DIV_FACTOR = 25;
    private static final double DEFAULT_FINAL_DIV_FACTOR = 1e4;

    public ScheduleConfig {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException("schedule.name must be one of " + String.join(", ", NAMES) + ", got " + name);
        }
        if (warmupSteps < 0) throw new IllegalArgumentException("schedule.warmupSteps must be >= 0, got " + warmupSteps);
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("schedule.warmupFraction must be in [0, 1), got " + warmupFraction);
        }
        if (warmupSteps > 0 && warmupFraction > 0) {
            throw new IllegalArgumentException("schedule.warmupFraction must be 0 when schedule.warmupSteps is set, got "
                    + warmupFraction + " and " + warmupSteps);
        }
        if (ONE_CYCLE.equals(name) && (warmupSteps > 0 || warmupFraction > 0)) {
            throw new IllegalArgumentException("schedule.warmupSteps and schedule.warmupFraction must be 0 for one-cycle,"
                    + " which warms up by itself (use pctStart)");
        }
        if (milestones == null) throw new IllegalArgumentException("schedule.milestones must be a list, got null");
        double previous = 0;
        for (Double m : milestones) {
            if (m == null || !(m > previous && m < 1)) {
                throw new IllegalArgumentException("schedule.milestones must be increasing fractions in (0, 1), got "
                        + milestones);
            }
            previous = m;
        }
        milestones = List.copyOf(milestones);
        if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("schedule.gamma must be in (0, 1], got " + gamma);
        if (!(floorFactor >= 0 && floorFactor <= 1)) {
            throw new IllegalArgumentException("schedule.floorFactor must be in [0, 1], got " + floorFactor);
        }
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException("schedule.pctStart must be in (0, 1), got " + pctStart);
        }
        if (!(divFactor >= 1) || !Double.isFinite(divFactor)) {
            throw new IllegalArgumentException("schedule.divFactor must be >= 1, got " + divFactor);
        }
        if (!(finalDivFactor >= 1) || !Double.isFinite(finalDivFactor)) {
            throw new IllegalArgumentException("schedule.finalDivFactor must be >= 1, got " + finalDivFactor);
        }
    }

    /** Reads JSON with defaults for absent optional fields; {@code name} is required; unknown fields are refused. */
    @JsonCreator
    static ScheduleConfig fromJson(@JsonProperty("name") String name,
                                   @JsonProperty("warmupSteps") Long warmupSteps,
                                   @JsonProperty("warmupFraction") Double warmupFraction,
                                   @JsonProperty("milestones") List<Double> milestones,
                                   @JsonProperty("gamma") Double gamma,
                                   @JsonProperty("floorFactor") Double floorFactor,
                                   @JsonProperty("pctStart") Double pctStart,
                                   @JsonProperty("divFactor") Double divFactor,
                                   @JsonProperty("finalDivFactor") Double finalDivFactor) {
        return new ScheduleConfig(name, warmupSteps == null ? 0 : warmupSteps,
                warmupFraction == null ? 0 : warmupFraction,
                milestones == null ? DEFAULT_MILESTONES : milestones,
                gamma == null ? DEFAULT_GAMMA : gamma, floorFactor == null ? 0 : floorFactor,
                pctStart == null ? DEFAULT_PCT_START : pctStart, divFactor == null ? DEFAULT_DIV_FACTOR : divFactor,
                finalDivFactor == null ? DEFAULT_FINAL_DIV_FACTOR : finalDivFactor);
    }

    /** The named shape with every knob at its default and no warm-up. */
    public static ScheduleConfig of(String name) {
        return new ScheduleConfig(name, 0, 0, DEFAULT_MILESTONES, DEFAULT_GAMMA, 0, DEFAULT_PCT_START,
                DEFAULT_DIV_FACTOR, DEFAULT_FINAL_DIV_FACTOR);
    }

    public static ScheduleConfig constant() { return of(CONSTANT); }
    public static ScheduleConfig cosine() { return of(COSINE); }
    public static ScheduleConfig oneCycle() { return of(ONE_CYCLE); }

    /**
     * Parses a command-line schedule: {@code NAME[+warmup[=LENGTH]]}, NAME one of
     * {@code constant, step, cosine, one-cycle}. LENGTH is a whole number of steps ({@code 500}) or a
     * fraction of the run with a decimal point ({@code 0.1}); a bare {@code +warmup} means 5%.
     * Examples: {@code cosine}, {@code cosine+warmup}, {@code step+warmup=0.02}, {@code constant+warmup=200}.
     */
    public static ScheduleConfig parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("schedule must not be empty");
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int plus = s.indexOf('+');
        ScheduleConfig base = of(plus < 0 ? s : s.substring(0, plus));
        if (plus < 0) return base;
        String warm = s.substring(plus + 1);
        if (warm.equals("warmup")) return base.withWarmupFraction(DEFAULT_WARMUP_FRACTION);
        if (!warm.startsWith("warmup=")) {
            throw new IllegalArgumentException("schedule '" + spec + "': expected NAME, NAME+warmup or NAME+warmup=LENGTH");
        }
        String length = warm.substring("warmup=".length());
        try {
            if (length.contains(".")) return base.withWarmupFraction(Double.parseDouble(length));
            return base.withWarmupSteps(Long.parseLong(length));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': warm-up length " + length
                    + " is neither a step count nor a fraction", e);
        }
    }

    public ScheduleConfig withWarmupSteps(long steps) {
        return new ScheduleConfig(name, steps, 0, milestones, gamma, floorFactor, pctStart, divFactor, finalDivFactor);
    }

    public ScheduleConfig withWarmupFraction(double fraction) {
        return new ScheduleConfig(name, 0, fraction, milestones, gamma, floorFactor, pctStart, divFactor, finalDivFactor);
    }

    public ScheduleConfig withMilestones(List<Double> newMilestones, double newGamma) {
        return new ScheduleConfig(name, warmupSteps, warmupFraction, newMilestones, newGamma, floorFactor, pctStart,
                divFactor, finalDivFactor);
    }

    public ScheduleConfig withFloorFactor(double newFloorFactor) {
        return new ScheduleConfig(name, warmupSteps, warmupFraction, milestones, gamma, newFloorFactor, pctStart,
                divFactor, finalDivFactor);
    }

    public ScheduleConfig withOneCycle(double newPctStart, double newDivFactor, double newFinalDivFactor) {
        return new ScheduleConfig(name, warmupSteps, warmupFraction, milestones, gamma, floorFactor, newPctStart,
                newDivFactor, newFinalDivFactor);
    }

    /** The schedule for a base (for one-cycle: peak) learning rate {@code lr}. */
    public LrSchedule create(double lr) {
        LrSchedule shape = switch (name) {
            case CONSTANT -> Schedules.constant(lr);
            case STEP -> Schedules.step(lr, milestones.stream().mapToDouble(Double::doubleValue).toArray(), gamma);
            case COSINE -> Schedules.cosine(lr, lr * floorFactor);
            case ONE_CYCLE -> Schedules.oneCycle(lr, pctStart, divFactor, finalDivFactor);
            default -> throw new IllegalStateException("unreachable: " + name);
        };
        return warmupSteps > 0 ? Schedules.withWarmup(shape, warmupSteps)
                : Schedules.withWarmupFraction(shape, warmupFraction);
    }
}
