package io.deadwood.api.backend;

import io.deadwood.api.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The coarse operations a layer needs. Every implementation computes the same function as the
 * scalar reference backend in the test kit (up to float rounding); the contract suite checks it.
 *
 * <p>Conventions: row-major storage; activations are [N, C, H, W] or [N, F]; "spatial" is H*W (1 for
 * dense activations). Gradients are written, not accumulated, unless the method says otherwise.
 * Implementations must be deterministic: the same inputs give bit-identical outputs on every call
 * (partition work statically; never reduce in timing-dependent order).
 *
 * <p>The ops after {@link #countZeros} are the per-step maths of pruning methods (penalties and
 * their gradients, masks, per-unit sums and norms, noise), so that a method's step runs where the
 * parameters are and a device backend moves none of them to the host. Their defaults, in
 * {@link MethodOps}, are the scalar definitions: an implementation must give the same bits, except
 * for the log and cos of {@link #addCounterNoise} on a device. Results that are not tensors (sums,
 * counts) are small and come back to the host.
 */
public interface ComputeBackend extends AutoCloseable {

    /** Stable id, e.g. {@code vector-cpu}. */
    String id();

    /** Worker threads this backend uses (1 for single-threaded backends). */
    int threads();

    /** y[N, out] = x[N, in] * w[out, in]^T + bias[out] (bias may be null). */
    void denseForward(Tensor x, Tensor w, Tensor bias, Tensor y);

    /**
     * From gy[N, out]: gx[N, in] = gy * w (skipped if gx is null), gw[out, in] = gy^T * x,
     * gbias[out] = column sums of gy (skipped if null).
     */
    void denseBackward(Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gbias);

    /** y[N, O, OH, OW] = conv(x[N, C, H, W], w[O, C, K, K]) + bias[O] (bias may be null). */
    void conv2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dSpec spec);

    /** gx[N, C, H, W] from gy[N, O, OH, OW] and w. */
    void conv2dBackwardData(Tensor gy, Tensor w, Tensor gx, Conv2dSpec spec);

    /** gw[O, C, K, K] and gbias[O] (null to skip) from x and gy. */
    void conv2dBackwardFilter(Tensor x, Tensor gy, Tensor gw, Tensor gbias, Conv2dSpec spec);

    /**
     * Batch normalisation over axis 1 of x[N, C, spatial...]. In training mode uses the batch
     * statistics (biased variance for normalising), stores mean and 1/sqrt(var+eps) per channel in
     * saveMean and saveInvStd, and updates running stats: r = (1-momentum)*r + momentum*batch, with
     * the unbiased variance for runningVar. In eval mode normalises with the running statistics and
     * leaves save* untouched.
     */
    void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                          float momentum, float eps, boolean training,
                          Tensor y, Tensor saveMean, Tensor saveInvStd);

    /** Training-mode batch-norm backward: gx, ggamma, gbeta from x, gy and the saved statistics. */
    void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                           Tensor gx, Tensor ggamma, Tensor gbeta);

    /** y = max(x, 0); x and y may be the same tensor. */
    void reluForward(Tensor x, Tensor y);

    /** gx = gy where y > 0, else 0; gy and gx may be the same tensor. */
    void reluBackward(Tensor y, Tensor gy, Tensor gx);

    /** y = f(x) for a smooth activation f, as {@link SmoothActivation#apply}; x and y may be the same tensor. */
    default void smoothForward(SmoothActivation kind, Tensor x, Tensor y) {
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = kind.apply(xd[i]);
    }

    /**
     * gx = gy * f'(x), with the slope read from the forward output y as {@link SmoothActivation#gradient};
     * gy and gx may be the same tensor.
     */
    default void smoothBackward(SmoothActivation kind, Tensor y, Tensor gy, Tensor gx) {
        float[] yd = y.data(), gyd = gy.data(), gxd = gx.data();
        for (int i = 0; i < gxd.length; i++) gxd[i] = kind.gradient(yd[i], gyd[i]);
    }

    /**
     * Max pool; argmax[i] receives the flat index into x of the maximum for output i (first max wins).
     * argmax is the backend's to keep for {@link #maxPool2dBackward}: a device backend may hold it in
     * device memory only, so the host reads nothing from it.
     */
    void maxPool2dForward(Tensor x, Tensor y, int[] argmax, Pool2dSpec spec);

    /** gx = 0, then gx[argmax[i]] += gy[i]. */
    void maxPool2dBackward(Tensor gy, int[] argmax, Tensor gx);

    /** y[N, C] = mean of x[N, C, H, W] over H, W. */
    void globalAvgPoolForward(Tensor x, Tensor y);

    /** gx[N, C, H, W] = gy[N, C] / (H*W). */
    void globalAvgPoolBackward(Tensor gy, Tensor gx);

    /** out = a + b, elementwise; out may alias a or b. */
    void add(Tensor a, Tensor b, Tensor out);

    /** acc += x, elementwise. */
    void accumulate(Tensor acc, Tensor x);

    /**
     * Mean softmax cross-entropy of logits[N, K] against labels, with label smoothing s (target is
     * (1-s) on the label plus s/K everywhere). Writes d(mean loss)/d(logits) into grad when non-null.
     * Returns the mean loss (computed in double, stable with the log-sum-exp shift).
     */
    double softmaxCrossEntropy(Tensor logits, int[] labels, float labelSmoothing, Tensor grad);

    /**
     * {@link #softmaxCrossEntropy} with the batch's hits (rows of logits[N, K] whose first maximum sits
     * at the label), as a trainer scores a step. A device backend may compute both inside the step's
     * own launch and hand them over when the step ends; the values are the same either way.
     */
    default BatchScore scoreBatch(Tensor logits, int[] labels, float labelSmoothing, Tensor grad) {
        double loss = softmaxCrossEntropy(logits, labels, labelSmoothing, grad);
        return BatchScore.of(loss, BatchScore.hits(logits, labels, logits.dim(0)));
    }

    /**
     * Mean squared error of y[N, K] against targets (row-major [N, K]; only the first N*K entries are
     * read): the plain mean over samples and outputs of (y - t)^2, not halved, so the value is the
     * MSE a report states. Writes d(loss)/dy = 2 (y - t) / (N K) into grad when non-null. The sum is
     * taken in double in index order, so every backend returns the same bits.
     */
    default double meanSquaredError(Tensor y, float[] targets, Tensor grad) {
        float[] yd = y.data();
        int count = y.size();
        if (targets.length < count) {
            throw new IllegalArgumentException("meanSquaredError: " + y + " needs " + count + " targets, got " + targets.length);
        }
        float[] gd = grad == null ? null : grad.data();
        double sum = 0, scale = 2.0 / count;
        for (int i = 0; i < count; i++) {
            double d = (double) yd[i] - targets[i];
            sum += d * d;
            if (gd != null) gd[i] = (float) (scale * d);
        }
        return sum / count;
    }

    /**
     * SGD with momentum buffer (null when momentum is 0), decoupled weight decay:
     * p -= lr*wd*p; v = momentum*v + g; step = nesterov ? g + momentum*v : v; p -= lr*step.
     */
    void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum,
                   boolean nesterov, float weightDecay);

    /**
     * AdamW at 1-based step t: p -= lr*wd*p; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
     * p -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps).
     */
    void adamwUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                     float eps, float weightDecay, long step);

    /**
     * out[n, j] = x[n, select[j]] for select[j] >= 0, else 0 (a 0/1 channel selection; x and out are
     * [N, C, spatial...] with equal spatial size).
     */
    default void selectChannels(Tensor x, int[] select, Tensor out) {
        int n = x.dim(0), cin = x.dim(1), cout = out.dim(1), sp = x.sampleSize() / Math.max(1, cin);
        float[] xd = x.data(), od = out.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < cout; j++) {
                int dst = (i * cout + j) * sp;
                if (select[j] < 0) {
                    java.util.Arrays.fill(od, dst, dst + sp, 0f);
                } else {
                    System.arraycopy(xd, (i * cin + select[j]) * sp, od, dst, sp);
                }
            }
        }
    }

    /** The transpose of {@link #selectChannels}: gx = 0, then gx[n, select[j]] += gy[n, j]. */
    default void selectChannelsBackward(Tensor gy, int[] select, Tensor gx) {
        int n = gx.dim(0), cin = gx.dim(1), cout = gy.dim(1), sp = gx.sampleSize() / Math.max(1, cin);
        float[] gyd = gy.data(), gxd = gx.data();
        java.util.Arrays.fill(gxd, 0f);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < cout; j++) {
                if (select[j] < 0) continue;
                int src = (i * cout + j) * sp, dst = (i * cin + select[j]) * sp;
                for (int p = 0; p < sp; p++) gxd[dst + p] += gyd[src + p];
            }
        }
    }

    /** Zeroes channel c of x[N, C, spatial...] wherever keep[c] is false, in place. */
    default void maskChannels(Tensor x, boolean[] keep) {
        int n = x.dim(0), c = x.dim(1), sp = x.sampleSize() / Math.max(1, c);
        float[] xd = x.data();
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                if (!keep[ch]) {
                    int off = (i * c + ch) * sp;
                    java.util.Arrays.fill(xd, off, off + sp, 0f);
                }
            }
        }
    }

    /**
     * The ops that follow, until the matching {@link #endLayer}, are one pass of one layer, named
     * like {@code conv1.forward}; a pass begun inside another joins the outer one. A device backend
     * may hold the pass's ops back and launch them together when it ends; host backends ignore it.
     */
    default void beginLayer(String pass) {
    }

    /** Ends the pass {@link #beginLayer} began. */
    default void endLayer() {
    }

    /**
     * The ops that follow, until {@link #endStep}, are one training step: the batch's upload, forward,
     * score, backward, the optimiser and the hooks that run every step. A device backend may record
     * a step once and then run each like it as one launch; results must not change, and a host read
     * inside the step (a tensor's data, a score) first runs what the backend holds back. Layer passes
     * inside a step join it. Host backends ignore it.
     */
    default void beginStep() {
    }

    /** Ends the step {@link #beginStep} began, running whatever the backend held back. */
    default void endStep() {
    }

    /**
     * The backend's running counters, for benchmarks: a device backend gives {@code launches} (device
     * work submissions), {@code bytesUp} and {@code bytesDown} (host copies); host backends none.
     */
    default java.util.Map<String, Long> counters() {
        return java.util.Map.of();
    }

    /** Entries of x that are exactly zero (for the dead neuron rate). */
    default long countZeros(Tensor x) {
        long zeros = 0;
        for (float v : x.data()) if (v == 0f) zeros++;
        return zeros;
    }

    /**
     * g += lambda * penalty'(w), elementwise, in float exactly as {@link Penalty#gradient} is written
     * ({@code g[i] += lambda * penalty.gradient(w[i])}). With {@link Penalty#L1} this is the signed
     * axpy g += lambda * sign(w).
     */
    default void addPenaltyGradient(Penalty penalty, float lambda, Tensor w, Tensor g) {
        MethodOps.addPenaltyGradient(penalty, lambda, w, g);
    }

    /**
     * {@code start} plus {@link Penalty#value} of every entry of w, added one by one in double in
     * index order, so that a sum over several tensors chains through {@code start} and gives the same
     * bits on every backend.
     */
    default double penaltySum(Penalty penalty, Tensor w, double start) {
        return MethodOps.penaltySum(penalty, w, start);
    }

    /**
     * y += scale[u] * x on the entries of each unit u ({@code scale} has one entry per unit; a NaN
     * entry leaves that unit's entries of y untouched). x and y have the same size.
     */
    default void unitAxpy(float[] scale, Tensor x, Tensor y, UnitAxis axis) {
        MethodOps.unitAxpy(scale, x, y, axis);
    }

    /** x = 0 wherever mask is exactly 0 (of either sign), in place; elsewhere x is left as it is. */
    default void applyMask(Tensor x, Tensor mask) {
        MethodOps.applyMask(x, mask);
    }

    /**
     * For each repeat o of [units][span] in x and each unit u, in that order: acc[u] += the sum, in
     * double from 0 in index order, of the reduction's term over the span's entries. Units are
     * independent, so a backend may split them between threads; the order within a unit is fixed.
     */
    default void unitReduce(Tensor x, UnitAxis axis, UnitReduction reduction, double[] acc) {
        MethodOps.unitReduce(x, axis, reduction, acc);
    }

    /**
     * x[i] += (float) (sigma * rng.nextGaussian()) for the entries of every live unit (live null: all
     * units), drawing from {@code rng} in index order: the noise of a method whose generator is a
     * sequential stream. The draws depend on each other, so a device backend draws them on the host
     * and sends the noise, never x. Returns the entries changed.
     */
    default long addGaussianNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, RandomGenerator rng) {
        return MethodOps.addGaussianNoise(x, axis, live, sigma, rng);
    }

    /**
     * x[i] += (float) (sigma * {@link CounterNoise#gaussian}(streamKey(seed, stream), i)) for the
     * entries of every live unit (live null: all units): Gaussian noise from a counter-based
     * generator, the same whatever the split of the work. Returns the entries changed.
     */
    default long addCounterNoise(Tensor x, UnitAxis axis, boolean[] live, double sigma, long seed, long stream) {
        return MethodOps.addCounterNoise(x, axis, live, sigma, seed, stream);
    }

    @Override
    default void close() {
    }
}
