package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * CIFAR basic block: out = ReLU(BN(conv3x3(ReLU(BN(conv3x3(x, stride))))) + shortcut(x)). The
 * shortcut is the identity when the shape is kept, else a 1x1 projection conv (same stride, no bias)
 * followed by BatchNorm.
 *
 * <p>Units: conv1's output channels (counted by conv1) and the block's output channels (counted once,
 * by conv2). A projection conv produces those same output channels, so it does not count them again.
 * The skip path goes through {@link #skipForward} and {@link #skipBackward} only, so that the identity
 * can become a 0/1 channel selection when either side of the add loses channels.
 */
public final class ResidualBlock extends Layer {
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final ReLU relu1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Conv2d shortcutConv;
    private final BatchNorm shortcutBn;
    private final ReLU relu2;

    /** For an identity skip: output channel j adds input channel select[j] (-1: adds nothing); null = identity. */
    private int[] skipSelection;
    private Tensor selected;
    private Tensor gSelected;
    private Tensor sum;
    private Tensor gx;

    public ResidualBlock(String name, int inChannels, int outChannels, int stride) {
        super(name);
        if (inChannels < 1 || outChannels < 1 || stride < 1) {
            throw new IllegalArgumentException(name + ": invalid block in=" + inChannels + " out=" + outChannels
                    + " stride=" + stride);
        }
        conv1 = new Conv2d(name + ".conv1", inChannels, outChannels, 3, stride, 1, false);
        bn1 = new BatchNorm(name + ".bn1", outChannels);
        relu1 = new ReLU(name + ".relu1");
        conv2 = new Conv2d(name + ".conv2", outChannels, outChannels, 3, 1, 1, false);
        bn2 = new BatchNorm(name + ".bn2", outChannels);
        if (stride != 1 || inChannels != outChannels) {
            shortcutConv = new Conv2d(name + ".shortcut.conv", inChannels, outChannels, 1, stride, 0, false, false);
            shortcutBn = new BatchNorm(name + ".shortcut.bn", outChannels);
        } else {
            shortcutConv = null;
            shortcutBn = null;
        }
        relu2 = new ReLU(name + ".relu2");
    }

    public Conv2d conv1() { return conv1; }
    public BatchNorm bn1() { return bn1; }
    public ReLU relu1() { return relu1; }
    public Conv2d conv2() { return conv2; }
    public BatchNorm bn2() { return bn2; }
    /** The ReLU after the add: the block's output units. */
    public ReLU relu2() { return relu2; }
    public boolean hasProjection() { return shortcutConv != null; }
    public Optional<Conv2d> shortcutConv() { return Optional.ofNullable(shortcutConv); }
    public Optional<BatchNorm> shortcutBn() { return Optional.ofNullable(shortcutBn); }

    /** The identity skip as a 0/1 selection: entry j is the input channel added to output channel j, or -1. */
    public int[] skipSelection() {
        if (shortcutConv != null) throw new IllegalStateException(name() + " has a projection shortcut, not a selection");
        if (skipSelection != null) return skipSelection.clone();
        int[] identity = new int[conv2.outChannels()];
        for (int j = 0; j < identity.length; j++) identity[j] = j;
        return identity;
    }

    /** Set by structured surgery when either side of the add loses channels. */
    public void setSkipSelection(int[] select) {
        if (shortcutConv != null) throw new IllegalStateException(name() + " has a projection shortcut, not a selection");
        for (int s : select) {
            if (s < -1 || s >= conv1.inChannels()) {
                throw new IllegalArgumentException(name() + ": selection entry " + s + " outside the "
                        + conv1.inChannels() + " input channels");
            }
        }
        this.skipSelection = select.clone();
    }

    @Override
    public List<StateSlot> state() {
        if (shortcutConv != null) return List.of();
        return List.of(new StateSlot(name() + ".skipSelection", StateSlot.Kind.SELECTION,
                () -> StateSlot.selectionTensor(skipSelection()),
                t -> {
                    if (t != null) setSkipSelection(StateSlot.selection(t, name() + ".skipSelection"));
                }));
    }

    /**
     * Two groups: conv1's channels, and the block's output channels, produced by conv2 and a
     * projection together. An identity skip becomes a channel selection that follows both the
     * input group (the channels it points at) and the output group (one entry per output channel).
     */
    @Override
    public int[] wireUnits(UnitWiring wiring, int[] inputShape) {
        wiring.consume(conv1.weight(), 1);
        if (shortcutConv != null) {
            wiring.consume(shortcutConv.weight(), 1);
        } else {
            wiring.follow((keep, newIndex) -> {
                int[] sel = skipSelection();
                for (int j = 0; j < sel.length; j++) sel[j] = sel[j] < 0 ? -1 : newIndex[sel[j]];
                return () -> setSkipSelection(sel);
            });
        }
        wiring.produce(conv1.name(), conv1.outChannels(), conv1.parameters());
        int[] mid = wiring.visit(bn1, conv1.outputShape(inputShape));
        mid = wiring.visit(relu1, mid);
        wiring.consume(conv2.weight(), 1);
        wiring.produce(name() + ".out", conv2.outChannels(), conv2.parameters());
        wiring.visit(bn2, conv2.outputShape(mid));
        if (shortcutConv != null) {
            wiring.alsoProduce(shortcutConv.parameters());
            wiring.visit(shortcutBn, shortcutConv.outputShape(inputShape));
        } else {
            wiring.follow((keep, newIndex) -> {
                int[] sel = skipSelection();
                int[] out = new int[keep.length];
                for (int i = 0; i < keep.length; i++) out[i] = sel[keep[i]];
                return () -> setSkipSelection(out);
            });
        }
        wiring.visit(relu2, conv2.outputShape(mid));
        return outputShape(inputShape);
    }

    @Override
    public List<Layer> children() {
        List<Layer> out = new ArrayList<>(List.of(conv1, bn1, relu1, conv2, bn2));
        if (shortcutConv != null) {
            out.add(shortcutConv);
            out.add(shortcutBn);
        }
        out.add(relu2);
        return List.copyOf(out);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3 || inputShape[0] != conv1.inChannels()) {
            throw new IllegalArgumentException(name() + ": expects [" + conv1.inChannels() + ", H, W], got "
                    + Arrays.toString(inputShape));
        }
        int[] main = conv2.outputShape(conv1.outputShape(inputShape));
        int[] skip = shortcutConv != null ? shortcutConv.outputShape(inputShape)
                : skipSelection == null ? inputShape
                : new int[] {skipSelection.length, inputShape[1], inputShape[2]};
        if (!Arrays.equals(main, skip)) {
            throw new IllegalArgumentException(name() + ": main path gives " + Arrays.toString(main)
                    + " but shortcut gives " + Arrays.toString(skip));
        }
        return main;
    }

    @Override
    public Tensor forward(Tensor x, ExecutionContext ctx) {
        Tensor h = relu1.forward(bn1.forward(conv1.forward(x, ctx), ctx), ctx);
        Tensor main = bn2.forward(conv2.forward(h, ctx), ctx);
        Tensor skip = skipForward(x, ctx);
        if (!main.sameShape(skip)) {
            throw new IllegalArgumentException(name() + ": cannot add " + main + " and shortcut " + skip);
        }
        sum = reuseLike(sum, main);
        ctx.backend().add(main, skip, sum);
        return relu2.forward(sum, ctx);
    }

    @Override
    public Tensor backward(Tensor gy, ExecutionContext ctx) {
        Tensor gSum = relu2.backward(gy, ctx);
        Tensor g = conv2.backward(bn2.backward(gSum, ctx), ctx);
        Tensor gMain = conv1.backward(bn1.backward(relu1.backward(g, ctx), ctx), ctx);
        Tensor gSkip = skipBackward(gSum, ctx);
        gx = reuseLike(gx, gMain);
        // The input feeds both paths, so its gradient is the sum of theirs.
        ctx.backend().add(gMain, gSkip, gx);
        return gx;
    }

    private Tensor skipForward(Tensor x, ExecutionContext ctx) {
        if (shortcutConv != null) return shortcutBn.forward(shortcutConv.forward(x, ctx), ctx);
        if (skipSelection == null) return x;
        selected = reuse(selected, x.dim(0), skipSelection.length, x.dim(2), x.dim(3));
        ctx.backend().selectChannels(x, skipSelection, selected);
        return selected;
    }

    private Tensor skipBackward(Tensor gSum, ExecutionContext ctx) {
        if (shortcutConv != null) return shortcutConv.backward(shortcutBn.backward(gSum, ctx), ctx);
        if (skipSelection == null) return gSum;
        gSelected = reuse(gSelected, gSum.dim(0), conv1.inChannels(), gSum.dim(2), gSum.dim(3));
        ctx.backend().selectChannelsBackward(gSum, skipSelection, gSelected);
        return gSelected;
    }

    @Override
    public void initialize(SplittableRandom rng) {
        for (Layer l : children()) l.initialize(rng);
    }

    @Override
    public long forwardFlops(int[] inputShape) {
        int[] mid = conv1.outputShape(inputShape);
        long f = conv1.forwardFlops(inputShape) + conv2.forwardFlops(mid);
        if (shortcutConv != null) f += shortcutConv.forwardFlops(inputShape);
        return f;
    }
}
