package io.deadwood.api.data;

/** A training and a test split of one data set, as named on the command line. */
public record DataSplits(String spec, Dataset train, Dataset test) {
    public DataSplits {
        if (train.channels() != test.channels() || train.height() != test.height()
                || train.width() != test.width() || train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException(spec + ": train and test splits disagree in shape or classes");
        }
    }
}
