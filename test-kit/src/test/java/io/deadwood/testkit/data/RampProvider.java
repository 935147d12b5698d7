package io.deadwood.testkit.data;

import io.deadwood.api.data.DataException;
import io.deadwood.api.data.DataSplits;
import io.deadwood.api.data.Dataset;
import io.deadwood.api.data.DatasetProvider;
import java.util.List;

/** A real-valued regression set, {@code ramp:N}: N samples of 2x2 features and two targets each. */
public final class RampProvider implements DatasetProvider {
    @Override public String id() { return "ramp"; }

    @Override public String description() { return "a real-valued regression set for the contract's own test"; }

    @Override public String usage() { return "ramp:N"; }

    @Override
    public void check(String argument) {
        if (!argument.matches("[1-9][0-9]{0,3}")) {
            throw new DataException("ramp:" + argument + ": N must be a whole number from 1 to 9999; write ramp:20");
        }
    }

    @Override
    public DataSplits open(String argument) {
        check(argument);
        int n = Integer.parseInt(argument);
        return new DataSplits("ramp:" + argument, split("ramp/train", n), split("ramp/test", Math.max(1, n / 4)));
    }

    private static Dataset split(String name, int n) {
        float[] x = new float[n * 4], y = new float[n * 2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[4 * i + j] = i * 0.5f - j;
            y[2 * i] = i;
            y[2 * i + 1] = -0.25f * i;
        }
        return Dataset.regression(name, x, new int[] {2, 2}, y, 2, List.of());
    }
}
