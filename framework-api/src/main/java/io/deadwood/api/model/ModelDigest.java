package io.deadwood.api.model;

import io.deadwood.api.Sha256;
import io.deadwood.api.nn.StateSlot;
import io.deadwood.api.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 over a model's state as its layers declare it: parameters, buffers, unit masks and skip
 * selections (names, shapes and the exact float bits), so two runs can be compared for bit-identity
 * from their result files alone.
 */
public final class ModelDigest {
    private ModelDigest() {
    }

    public static String sha256(Model model) {
        MessageDigest md = Sha256.digest();
        // The byte layout per kind is the one digests have always had, so earlier results compare.
        for (ModelState.Entry e : ModelState.entries(model)) {
            StateSlot slot = e.slot();
            Tensor t = slot.value();
            if (t == null) continue;
            switch (slot.kind()) {
                case PARAMETER -> {
                    md.update(slot.name().getBytes(StandardCharsets.UTF_8));
                    update(md, t);
                }
                case BUFFER -> update(md, t);
                case MASK -> {
                    md.update(e.layer().name().getBytes(StandardCharsets.UTF_8));
                    for (boolean keep : StateSlot.mask(t, slot.name())) md.update((byte) (keep ? 1 : 0));
                }
                case SELECTION -> {
                    md.update(e.layer().name().getBytes(StandardCharsets.UTF_8));
                    for (int s : StateSlot.selection(t, slot.name())) md.update(ByteBuffer.allocate(4).putInt(s).array());
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, Tensor t) {
        ByteBuffer buf = ByteBuffer.allocate(4 * (t.rank() + t.size())).order(ByteOrder.LITTLE_ENDIAN);
        for (int d : t.shape()) buf.putInt(d);
        for (float v : t.data()) buf.putInt(Float.floatToRawIntBits(v));
        md.update(buf.array());
    }
}
