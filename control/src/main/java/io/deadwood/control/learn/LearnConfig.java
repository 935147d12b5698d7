package io.deadwood.control.learn;

import io.deadwood.api.nn.OdeScheme;

/**
 * How a dynamics model is learned. Myriad's defaults: 100 trajectories, an MLP with two hidden layers
 * of 50, Adam at lr 1e-3 with minibatches of 16. Here the hidden units are ReLUs by default, so that
 * they can die and be pruned; {@code sigmoid} is Myriad's own choice.
 *
 * @param trajectories  sampled from the true system; 80% train, 10% validation (what the trainer
 *                      evaluates every epoch), 10% held out for the reported errors
 * @param intervals     N, the grid the data is sampled on and the planner plans on
 * @param windowSteps   steps of each training rollout (multi-step loss); every window of that many
 *                      consecutive intervals of a trajectory is one sample
 * @param hidden        units per hidden layer
 * @param depth         hidden layers
 * @param activation    relu, sigmoid, tanh or softplus
 * @param scheme        the integrator the model is trained and rolled out with
 * @param epochs        training epochs
 * @param batch         minibatch size
 * @param lr            Adam's learning rate (no weight decay)
 * @param startSpread   relative spread of the sampled starts
 * @param walkStep      step of the controls' random walk, as a fraction of their range
 * @param seed          fixes the data, the initialisation and the batch order
 */
public record LearnConfig(int trajectories, int intervals, int windowSteps, int hidden, int depth, String activation,
                          OdeScheme scheme, int epochs, int batch, double lr, double startSpread, double walkStep, long seed) {

    public static final LearnConfig DEFAULT = new LearnConfig(100, 20, 4, 50, 2, "relu", OdeScheme.RK4, 30, 16, 1e-3,
            0.1, 0.2, 1);

    public LearnConfig {
        if (trajectories < 10) throw new IllegalArgumentException("trajectories must be at least 10, got " + trajectories);
        if (intervals < 1) throw new IllegalArgumentException("intervals must be at least 1, got " + intervals);
        if (windowSteps < 1 || windowSteps > intervals) {
            throw new IllegalArgumentException("windowSteps must be in [1, intervals], got " + windowSteps);
        }
        if (hidden < 1 || depth < 1) throw new IllegalArgumentException("hidden and depth must be at least 1");
        if (!java.util.List.of("relu", "sigmoid", "tanh", "softplus").contains(activation)) {
            throw new IllegalArgumentException("activation must be relu, sigmoid, tanh or softplus, got '" + activation + "'");
        }
        if (epochs < 1 || batch < 1 || !(lr > 0)) throw new IllegalArgumentException("epochs, batch and lr must be positive");
        if (!(startSpread >= 0) || !(walkStep >= 0)) throw new IllegalArgumentException("startSpread and walkStep must be >= 0");
    }

    public LearnConfig withEpochs(int e) {
        return new LearnConfig(trajectories, intervals, windowSteps, hidden, depth, activation, scheme, e, batch, lr, startSpread, walkStep, seed);
    }

    public LearnConfig withSeed(long s) {
        return new LearnConfig(trajectories, intervals, windowSteps, hidden, depth, activation, scheme, epochs, batch, lr, startSpread, walkStep, s);
    }
}
