package io.deadwood.api.report;

/**
 * One training run of a suite, as the suite folder's {@code suite.json} records it.
 *
 * @param id      the cell's folder name under {@code cells/}
 * @param label   the suite entry's label ({@code demp}, {@code dense})
 * @param variant the label plus its swept values ({@code demp[lambdaMax=0.03]})
 * @param method  the pruning method's id, null for a dense cell
 * @param backend the backend the suite asked for ({@code auto} unless the suite lists backends)
 * @param matchOf the id of the cell whose neuron sparsity this cell's method was aimed at, or null
 */
public record SuiteCell(String id, String label, String variant, String method, String model, double width, long seed,
                        String backend, String matchOf) {
}
