package io.deadwood.control.systems.classic;

/**
 * {@code cart-pole-kelly}: {@link CartPole} with the pole's angular acceleration as printed in
 * Kelly (2017), equation 6.2, and in Myriad's docstring: the q2'^2 term carries cos q2 sin q2
 * where Myriad's code has cos q2 alone. Everything else (parameters, bounds, start, fixed end
 * state, cost) is the same.
 */
public final class CartPoleKelly extends CartPole {
    public CartPoleKelly() {
        super(true);
    }

    @Override public String id() { return "cart-pole-kelly"; }
    @Override public String description() { return "cart-pole swing-up with least squared force (Kelly 2017's cos(theta) sin(theta) theta-dot^2 term)"; }
    @Override public String source() { return "Kelly 2017, SIAM Review 59(4), equations 6.1-6.2; Myriad myriad/systems/classical_control/cartpole.py (docstring)"; }
}
