package io.deadwood.cpu;

import io.deadwood.api.backend.SmoothActivation;
import io.deadwood.api.tensor.Tensor;
import java.util.Arrays;

/**
 * Elementwise ops, split into contiguous ranges, so each output element is written by exactly one
 * part in the same order as the scalar reference.
 *
 * <p>A call's tensors go to its parts through fields read by bodies bound once, not through
 * lambdas capturing them, which would be an allocation per call (and the training loop makes
 * dozens a step); so the calls are synchronized.
 */
final class ElementOps {
    /** Elements per part below which a second thread does not pay for its hand-off. */
    static final int ELEMENT_GRAIN = 1 << 15;

    private final WorkerPool pool;
    private final long[] zeroCounts;
    private final WorkerPool.RangeBody countZerosPart = this::countZerosPart;
    private final WorkerPool.RangeBody reluPart = this::reluPart;
    private final WorkerPool.RangeBody reluBackwardPart = this::reluBackwardPart;
    private final WorkerPool.RangeBody addPart = this::addPart;
    private final WorkerPool.RangeBody smoothPart = this::smoothPart;
    private final WorkerPool.RangeBody smoothBackwardPart = this::smoothBackwardPart;
    private SmoothActivation kind;

    // The call in progress: inputs a and b, output out.
    private float[] a;
    private float[] b;
    private float[] out;

    ElementOps(WorkerPool pool) {
        this.pool = pool;
        this.zeroCounts = new long[pool.threads()];
    }

    static void sameSize(Tensor a, Tensor b, String what) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(what + ": sizes differ, " + a + " vs " + b);
        }
    }

    /** Counts are integers, so adding the parts' counts in any order gives the same total. */
    synchronized long countZeros(Tensor x) {
        Arrays.fill(zeroCounts, 0);
        a = x.data();
        pool.forRange(x.size(), ELEMENT_GRAIN, countZerosPart);
        long total = 0;
        for (long c : zeroCounts) total += c;
        return total;
    }

    private void countZerosPart(int p, int from, int to) {
        zeroCounts[p] = Kernels.countZeros(a, from, to - from);
    }

    synchronized void relu(Tensor x, Tensor y) {
        sameSize(x, y, "relu");
        a = x.data();
        out = y.data();
        pool.forRange(x.size(), ELEMENT_GRAIN, reluPart);
    }

    private void reluPart(int p, int from, int to) {
        Kernels.relu(a, out, from, to - from);
    }

    synchronized void reluBackward(Tensor y, Tensor gy, Tensor gx) {
        sameSize(y, gy, "reluBackward");
        sameSize(y, gx, "reluBackward");
        a = y.data();
        b = gy.data();
        out = gx.data();
        pool.forRange(y.size(), ELEMENT_GRAIN, reluBackwardPart);
    }

    private void reluBackwardPart(int p, int from, int to) {
        Kernels.reluBackward(a, b, out, from, to - from);
    }

    synchronized void smooth(SmoothActivation f, Tensor x, Tensor y) {
        sameSize(x, y, "smoothForward");
        kind = f;
        a = x.data();
        out = y.data();
        // exp costs tens of times a max, so parts pay for a thread at a smaller size than the ReLU's.
        pool.forRange(x.size(), ELEMENT_GRAIN / 16, smoothPart);
    }

    private void smoothPart(int p, int from, int to) {
        Kernels.smoothForward(kind, a, out, from, to - from);
    }

    synchronized void smoothBackward(SmoothActivation f, Tensor y, Tensor gy, Tensor gx) {
        sameSize(y, gy, "smoothBackward");
        sameSize(y, gx, "smoothBackward");
        kind = f;
        a = y.data();
        b = gy.data();
        out = gx.data();
        pool.forRange(y.size(), f == SmoothActivation.SOFTPLUS ? ELEMENT_GRAIN / 16 : ELEMENT_GRAIN, smoothBackwardPart);
    }

    private void smoothBackwardPart(int p, int from, int to) {
        Kernels.smoothBackward(kind, a, b, out, from, to - from);
    }

    synchronized void add(Tensor x, Tensor y, Tensor sum) {
        sameSize(x, sum, "add");
        sameSize(y, sum, "add");
        a = x.data();
        b = y.data();
        out = sum.data();
        pool.forRange(sum.size(), ELEMENT_GRAIN, addPart);
    }

    private void addPart(int p, int from, int to) {
        Kernels.add(a, b, out, from, to - from);
    }

    void accumulate(Tensor acc, Tensor x) {
        add(acc, x, acc);
    }
}
