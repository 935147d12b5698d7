package io.deadwood.control.optim;

/**
 * Controls over [0, T] as an optimiser represents them on N equal intervals: held constant
 * (shooting: one point per interval), linear between nodes (trapezoidal collocation and the sweep:
 * N+1 points), or quadratic through node, midpoint and node (Hermite-Simpson: 2N+1 points).
 */
public record ControlPlan(Hold hold, double horizon, double[][] points) {

    public enum Hold {
        CONSTANT, LINEAR, QUADRATIC;

        /** Control points needed for n intervals. */
        public int pointsFor(int n) {
            return switch (this) {
                case CONSTANT -> n;
                case LINEAR -> n + 1;
                case QUADRATIC -> 2 * n + 1;
            };
        }
    }

    public ControlPlan {
        if (points.length < hold.pointsFor(1)) throw new IllegalArgumentException("too few control points for " + hold);
        points = copy(points);
    }

    @Override public double[][] points() { return copy(points); }

    public int intervals() {
        return switch (hold) {
            case CONSTANT -> points.length;
            case LINEAR -> points.length - 1;
            case QUADRATIC -> (points.length - 1) / 2;
        };
    }

    /** The control in interval k at time t (t within that interval, its ends included). */
    public double[] at(int k, double t) {
        double h = horizon / intervals(), s = (t - k * h) / h;
        return switch (hold) {
            case CONSTANT -> points[k].clone();
            case LINEAR -> mix(points[k], 1 - s, points[k + 1], s, null, 0);
            case QUADRATIC -> mix(points[2 * k], 2 * (s - 0.5) * (s - 1), points[2 * k + 1], 4 * s * (1 - s),
                    points[2 * k + 2], 2 * s * (s - 0.5));
        };
    }

    private static double[] mix(double[] a, double wa, double[] b, double wb, double[] c, double wc) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) out[i] = wa * a[i] + wb * b[i] + (c == null ? 0 : wc * c[i]);
        return out;
    }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = m[i].clone();
        return out;
    }
}
