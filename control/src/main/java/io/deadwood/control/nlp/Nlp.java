package io.deadwood.control.nlp;

/**
 * A smooth nonlinear program: minimise f(z) subject to cl <= c(z) <= cu and zl <= z <= zu (equal
 * bounds make an equality; infinite ones none). Transcriptions of control problems produce these
 * with exact derivatives; solvers consume them.
 */
public interface Nlp {

    int variables();

    int constraints();

    double[] variableLower();

    double[] variableUpper();

    double[] constraintLower();

    double[] constraintUpper();

    /** Where the solver starts. */
    double[] start();

    double objective(double[] z);

    /** df/dz, length {@link #variables()}. */
    double[] gradient(double[] z);

    /** c(z), length {@link #constraints()}. */
    double[] constraintValues(double[] z);

    /** The sparsity of dc/dz: the (row, column) of each structural non-zero, fixed for the problem. */
    SparsityPattern jacobianPattern();

    /** dc/dz at z, one value per entry of {@link #jacobianPattern()}, in its order. */
    double[] jacobianValues(double[] z);
}
