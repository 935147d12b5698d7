package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * max(x, 0). Its output is where units live or die: dead-unit probes and dead-neuron-rate statistics
 * observe the tensor this layer returns. A unit mask forces chosen channels to exactly zero, which
 * is what structured surgery later removes, so the masked and the cut network compute the same.
 */
public final class ReLU extends Layer {
    /** Replaced, never changed in place, so forward can walk it without a lock or an iterator object. */
    private volatile ActivationObserver[] observers = new ActivationObserver[0];
    private boolean[] unitMask;
    private Tensor y;
    private Tensor gx;
    private Tensor cachedY;

    public ReLU(String name) {
        super(name);
    }

    @Override
    public int[] outputShape(int[] inputShape) { return inputShape.clone(); }

    public synchronized void addObserver(ActivationObserver observer) {
        ActivationObserver[] more = Arrays.copyOf(observers, observers.length + 1);
        more[observers.length] = observer;
        observers = more;
    }

    /** Removes the first observer equal to {@code observer}, if any. */
    public synchronized void removeObserver(ActivationObserver observer) {
        List<ActivationObserver> left = new ArrayList<>(Arrays.asList(observers));
        if (left.remove(observer)) observers = left.toArray(ActivationObserver[]::new);
    }

    /** Channels whose entry is false output zero; null removes the mask. */
    public void setUnitMask(boolean[] keep) { this.unitMask = keep == null ? null : keep.clone(); }

    public boolean[] unitMask() { return unitMask == null ? null : unitMask.clone(); }

    @Override
    public List<StateSlot> state() {
        return List.of(new StateSlot(name() + ".unitMask", StateSlot.Kind.MASK, () -> StateSlot.maskTensor(unitMask),
                t -> setUnitMask(StateSlot.mask(t, name() + ".unitMask"))));
    }

    @Override
    public int[] wireUnits(UnitWiring wiring, int[] inputShape) {
        wiring.activate(this);
        wiring.follow((keep, newIndex) -> {
            boolean[] mask = unitMask;
            if (mask == null) return () -> { };
            boolean[] kept = new boolean[keep.length];
            int live = 0;
            for (int i = 0; i < keep.length; i++) {
                kept[i] = mask[keep[i]];
                if (kept[i]) live++;
            }
            boolean[] next = live == keep.length ? null : kept;
            return () -> setUnitMask(next);
        });
        return outputShape(inputShape);
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        // Not in place: the input may be another layer's cached tensor (a residual block adds it to its skip path).
        y = reuseLike(y, x);
        ctx.backend().reluForward(x, y);
        if (unitMask != null) {
            checkMask(x);
            ctx.backend().maskChannels(y, unitMask);
        }
        cachedY = ctx.training() ? y : null;
        if (!ctx.replay()) for (ActivationObserver o : observers) o.observe(this, y, ctx.training());
        return y;
    }

    private void checkMask(Tensor x) {
        if (x.rank() < 2 || x.dim(1) != unitMask.length) {
            throw new IllegalStateException(name() + ": unit mask has " + unitMask.length + " channels but input is " + x);
        }
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        if (cachedY == null) throw new IllegalStateException(name() + ": backward needs a training-mode forward first");
        gx = reuseLike(gx, cachedY);
        // A masked channel's output is zero, so reluBackward already passes no gradient through it.
        ctx.backend().reluBackward(cachedY, gy, gx);
        return gx;
    }
}
