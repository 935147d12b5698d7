package io.deadwood.control.nlp.ipopt;

import io.deadwood.control.nlp.Nlp;
import io.deadwood.control.nlp.SparsityPattern;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Small NLPs with known optima, with hand-written exact derivatives and dense Jacobians. */
final class TestProblems {

    private TestProblems() {}

    static final double INF = Double.POSITIVE_INFINITY;

    /** Hock-Schittkowski 71: optimum 17.0140173 at (1, 4.7429996, 3.8211500, 1.3794083). */
    static Nlp hs71() {
        return new DenseNlp(new double[] {1, 1, 1, 1}, new double[] {5, 5, 5, 5},
                new double[] {25, 40}, new double[] {INF, 40}, new double[] {1, 5, 5, 1},
                x -> x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2],
                x -> new double[] {x[3] * (2 * x[0] + x[1] + x[2]), x[0] * x[3], x[0] * x[3] + 1,
                        x[0] * (x[0] + x[1] + x[2])},
                x -> new double[] {x[0] * x[1] * x[2] * x[3], x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3]},
                x -> new double[] {x[1] * x[2] * x[3], x[0] * x[2] * x[3], x[0] * x[1] * x[3], x[0] * x[1] * x[2],
                        2 * x[0], 2 * x[1], 2 * x[2], 2 * x[3]});
    }

    /** Hock-Schittkowski 6: min (1 - x1)^2 subject to 10 (x2 - x1^2) = 0; optimum 0 at (1, 1). */
    static Nlp hs6() {
        return new DenseNlp(new double[] {-INF, -INF}, new double[] {INF, INF},
                new double[] {0}, new double[] {0}, new double[] {-1.2, 1},
                x -> (1 - x[0]) * (1 - x[0]),
                x -> new double[] {-2 * (1 - x[0]), 0},
                x -> new double[] {10 * (x[1] - x[0] * x[0])},
                x -> new double[] {-20 * x[0], 10});
    }

    /** min x + y on the circle x^2 + y^2 = 2: optimum -2 at (-1, -1). */
    static Nlp circle() {
        return new DenseNlp(new double[] {-INF, -INF}, new double[] {INF, INF},
                new double[] {2}, new double[] {2}, new double[] {-0.5, -1.5},
                x -> x[0] + x[1],
                x -> new double[] {1, 1},
                x -> new double[] {x[0] * x[0] + x[1] * x[1]},
                x -> new double[] {2 * x[0], 2 * x[1]});
    }

    /** An NLP whose constraint Jacobian is stored dense, row by row. */
    record DenseNlp(double[] variableLower, double[] variableUpper, double[] constraintLower,
                    double[] constraintUpper, double[] start, ToDoubleFunction<double[]> f,
                    Function<double[], double[]> grad, Function<double[], double[]> c,
                    Function<double[], double[]> jac) implements Nlp {

        @Override public int variables() { return variableLower.length; }

        @Override public int constraints() { return constraintLower.length; }

        @Override public double[] variableLower() { return variableLower.clone(); }

        @Override public double[] variableUpper() { return variableUpper.clone(); }

        @Override public double[] constraintLower() { return constraintLower.clone(); }

        @Override public double[] constraintUpper() { return constraintUpper.clone(); }

        @Override public double[] start() { return start.clone(); }

        @Override public double objective(double[] z) { return f.applyAsDouble(z); }

        @Override public double[] gradient(double[] z) { return grad.apply(z); }

        @Override public double[] constraintValues(double[] z) { return c.apply(z); }

        @Override public double[] jacobianValues(double[] z) { return jac.apply(z); }

        @Override
        public SparsityPattern jacobianPattern() {
            int m = constraints(), n = variables();
            int[] row = new int[m * n], column = new int[m * n];
            for (int k = 0; k < m * n; k++) {
                row[k] = k / n;
                column[k] = k % n;
            }
            return new SparsityPattern(m, n, row, column);
        }
    }
}
