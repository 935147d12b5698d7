package io.deadwood.peers;

import io.deadwood.api.data.Batch;
import io.deadwood.reproduce.bench.BenchRow;
import java.util.List;

/** A library under comparison: the GEMM figures and a training step on the shared batches. */
interface Engine {
    String version();

    /** How its setup differs from Deadwood's, if at all (empty when it does not). */
    String note();

    /** Square SGEMM at {@link io.deadwood.reproduce.bench.GemmBench#SIZES}, GFLOP/s. */
    List<BenchRow> gemm() throws Exception;

    /** Builds the model for training with SGD (momentum 0.9, lr 0.05) on [N, 1, 28, 28] images. */
    Trainer trainer(String model, int batch) throws Exception;

    /** One optimiser step per call on the batch given. */
    interface Trainer extends AutoCloseable {
        void step(Batch b) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}
