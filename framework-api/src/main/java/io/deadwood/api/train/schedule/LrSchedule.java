package io.deadwood.api.train.schedule;

/**
 * A value over the steps of a run: the learning rate, or any other coefficient that follows the
 * same shapes (a pruning method's regulariser or noise strength uses the one-cycle shape too).
 */
@FunctionalInterface
public interface LrSchedule {

    /**
     * The value for the 0-based {@code step} of a run of {@code totalSteps} steps. Steps past the
     * end give the end value; {@code lr(totalSteps, totalSteps)} is the value the shape ends on.
     */
    double lr(long step, long totalSteps);
}
