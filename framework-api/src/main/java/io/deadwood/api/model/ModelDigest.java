package io.deadwood.api.model;

import io.deadwood.api.Sha256;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.ResidualBlock;
import io.deadwood.api.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 over a model's parameters, buffers, unit masks and skip selections (names, shapes and the
 * exact float bits), so two
 * runs can be compared for bit-identity from their result files alone.
 */
public final class ModelDigest {
    private ModelDigest() {
    }

    public static String sha256(Model model) {
        MessageDigest md = Sha256.digest();
        for (Layer layer : model.layers()) {
            for (Parameter p : layer.parameters()) {
                md.update(p.name().getBytes(StandardCharsets.UTF_8));
                update(md, p.value());
            }
            for (Tensor buffer : layer.buffers()) {
                update(md, buffer);
            }
            // Unit masks and skip selections change the function as much as weights do.
            if (layer instanceof ReLU relu && relu.unitMask() != null) {
                md.update(layer.name().getBytes(StandardCharsets.UTF_8));
                for (boolean keep : relu.unitMask()) md.update((byte) (keep ? 1 : 0));
            }
            if (layer instanceof ResidualBlock block && !block.hasProjection()) {
                md.update(layer.name().getBytes(StandardCharsets.UTF_8));
                for (int s : block.skipSelection()) md.update(ByteBuffer.allocate(4).putInt(s).array());
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
