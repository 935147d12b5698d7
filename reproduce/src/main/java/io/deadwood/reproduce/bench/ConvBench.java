package io.deadwood.reproduce.bench;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.Conv2dSpec;
import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The convolutions of the {@code convnet} model at batch 128 (conv 32 on 28x28x1, conv 64 on
 * 14x14x32, 3x3, padding 1) plus a ResNet-style 3x3 64->64 layer: forward, backward-data and
 * backward-filter, each in GFLOP/s of the equivalent GEMM and as a fraction of the FMA ceiling.
 */
public final class ConvBench {
    private static final Conv2dSpec[] LAYERS = {
        new Conv2dSpec(128, 1, 28, 28, 32, 3, 1, 1),
        new Conv2dSpec(128, 32, 14, 14, 64, 3, 1, 1),
        new Conv2dSpec(128, 64, 8, 8, 64, 3, 1, 1),
    };

    private ConvBench() {
    }

    public static List<BenchRow> run(IntFunction<ComputeBackend> open, int[] threadCounts) {
        List<BenchRow> rows = new ArrayList<>();
        for (int threads : threadCounts) {
            FmaCeiling.Bracket bracket = FmaCeiling.bracket(threads);
            try (ComputeBackend be = open.apply(threads)) {
                for (Conv2dSpec s : LAYERS) {
                    String name = "conv N" + s.batch() + " " + s.inChannels() + "x" + s.inHeight() + "x" + s.inWidth()
                            + "->" + s.outChannels() + " k" + s.kernel();
                    Tensor x = Tensor.wrap(GemmBench.random(s.batch() * s.inChannels() * s.inHeight() * s.inWidth(), 1),
                            s.batch(), s.inChannels(), s.inHeight(), s.inWidth());
                    Tensor w = Tensor.wrap(GemmBench.random(s.outChannels() * s.inChannels() * s.kernel() * s.kernel(), 2),
                            s.outChannels(), s.inChannels(), s.kernel(), s.kernel());
                    Tensor y = Tensor.zeros(s.batch(), s.outChannels(), s.outHeight(), s.outWidth());
                    Tensor gx = Tensor.zeros(s.batch(), s.inChannels(), s.inHeight(), s.inWidth());
                    Tensor gw = Tensor.zeros(w.shape()), b = Tensor.zeros(s.outChannels());
                    double flops = 2.0 * s.batch() * s.outChannels() * s.outHeight() * s.outWidth()
                            * s.inChannels() * s.kernel() * s.kernel();
                    bracket.add(name + " forward", flops, () -> be.conv2dForward(x, w, b, y, s));
                    if (s.inChannels() > 1) {
                        bracket.add(name + " backward-data", flops, () -> be.conv2dBackwardData(y, w, gx, s));
                    }
                    bracket.add(name + " backward-filter", flops,
                            () -> be.conv2dBackwardFilter(x, y, gw, b, s));
                }
            }
            rows.addAll(bracket.close());
        }
        return rows;
    }
}
