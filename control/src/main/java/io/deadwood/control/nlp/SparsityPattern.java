package io.deadwood.control.nlp;

/** Row and column of each structural non-zero of a sparse matrix, in a fixed order. */
public record SparsityPattern(int rows, int columns, int[] row, int[] column) {
    public SparsityPattern {
        if (row.length != column.length) throw new IllegalArgumentException("rows and columns of different lengths");
        for (int k = 0; k < row.length; k++) {
            if (row[k] < 0 || row[k] >= rows || column[k] < 0 || column[k] >= columns) {
                throw new IllegalArgumentException("entry " + k + " at (" + row[k] + ", " + column[k] + ") outside " + rows + " x " + columns);
            }
        }
        row = row.clone();
        column = column.clone();
    }

    public int size() { return row.length; }

    @Override public int[] row() { return row.clone(); }

    @Override public int[] column() { return column.clone(); }

    /** The dense matrix of {@code values} in this pattern. */
    public double[][] dense(double[] values) {
        double[][] m = new double[rows][columns];
        for (int k = 0; k < row.length; k++) m[row[k]][column[k]] += values[k];
        return m;
    }
}
