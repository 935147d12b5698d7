package io.deadwood.api.data;

import java.util.Arrays;

/** A training and a test split of one data set, as named on the command line. */
public record DataSplits(String spec, Dataset train, Dataset test) {
    public DataSplits {
        if (!Arrays.equals(train.shape(), test.shape()) || train.inputType() != test.inputType()
                || train.targetKind() != test.targetKind() || train.outputs() != test.outputs()) {
            throw new IllegalArgumentException(spec + ": train and test splits disagree in shape, input type or targets ("
                    + train + " against " + test + ")");
        }
    }
}
