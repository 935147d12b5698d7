package io.deadwood.api.train;

import io.deadwood.api.DeadwoodException;

/** Training produced a NaN or infinite loss; nothing useful can follow, so the run stops. */
public final class DivergedException extends DeadwoodException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final double loss;

    /** @param step the 1-based number of the step whose loss was not finite */
    public DivergedException(long step, double loss) {
        super("diverged at step " + step + ": loss is " + (Double.isNaN(loss) ? "NaN" : "infinite")
                + "; lower the learning rate");
        this.step = step;
        this.loss = loss;
    }

    public long step() { return step; }
    public double loss() { return loss; }
}
