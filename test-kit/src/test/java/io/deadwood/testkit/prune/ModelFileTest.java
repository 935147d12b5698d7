package io.deadwood.testkit.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.DeadwoodException;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelDigest;
import io.deadwood.api.model.ModelFile;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.prune.Surgery;
import io.deadwood.api.prune.UnitGraph;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.testkit.ReferenceBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    private final ReferenceBackend backend = new ReferenceBackend();

    private Model prunedResnet() {
        Model m = ModelZoo.create("resnet20", 0.25, new int[] {3, 8, 8}, 10);
        m.initialize(4);
        Tensor x = input();
        m.forward(x, new ExecutionContext(backend, true));
        for (UnitGroup g : UnitGraph.of(m).groups()) {
            if (g.size() > 2) Surgery.remove(UnitGraph.of(m).group(g.name()), new int[] {0, g.size() - 1}, null, null);
        }
        return m;
    }

    private static Tensor input() {
        Tensor x = Tensor.zeros(2, 3, 8, 8);
        for (int i = 0; i < x.size(); i++) x.set(i, (float) Math.sin(i * 0.37));
        return x;
    }

    @Test
    void prunedResidualModelReloadsAtItsShapeWithIdenticalOutputs(@TempDir Path tmp) {
        Model m = prunedResnet();
        Path f = tmp.resolve("m.dwm");
        Normalization norm = new Normalization(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1f, 2f, 3f});
        ModelFile.save(f, m, 0.25, norm);
        ModelFile.Loaded back = ModelFile.load(f);
        assertEquals(ModelDigest.sha256(m), ModelDigest.sha256(back.model()));
        assertEquals(m.unitCount(), back.model().unitCount());
        assertArrayEquals(norm.std(), back.normalization().std());
        ExecutionContext eval = new ExecutionContext(backend, false);
        float[] a = m.forward(input(), eval).data().clone();
        float[] b = back.model().forward(input(), eval).data();
        assertArrayEquals(a, b);
    }

    @Test
    void damagedFilesAreRefusedWithTheirName(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("m.dwm");
        ModelFile.save(f, prunedResnet(), 0.25, new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1}));
        byte[] good = Files.readAllBytes(f);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(f, flipped);
        var e = assertThrows(DeadwoodException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());

        Files.write(f, Arrays.copyOf(good, good.length - 100));
        assertThrows(DeadwoodException.class, () -> ModelFile.load(f));

        Files.write(f, "not a model".getBytes());
        e = assertThrows(DeadwoodException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("wrong magic") && e.getMessage().contains("m.dwm"), e.getMessage());
    }

    /** A file in the first layout (skip selections in the header, no masks) still loads, to the same digest. */
    @Test
    void formatOneFilesStillLoad(@TempDir Path tmp) throws Exception {
        Model m = prunedResnet();
        var header = io.deadwood.api.checkpoint.StateCodec.object();
        header.put("format", 1);
        header.put("model", m.name());
        header.put("width", 0.25);
        header.set("inputShape", io.deadwood.api.checkpoint.StateCodec.JSON.valueToTree(m.inputShape()));
        header.put("numClasses", m.numClasses());
        header.set("mean", io.deadwood.api.checkpoint.StateCodec.JSON.valueToTree(new float[] {0, 0, 0}));
        header.set("std", io.deadwood.api.checkpoint.StateCodec.JSON.valueToTree(new float[] {1, 1, 1}));
        var tensors = header.putArray("tensors");
        var selections = header.putObject("skipSelections");
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (var e : io.deadwood.api.model.ModelState.entries(m)) {
            Tensor t = e.slot().value();
            if (e.slot().kind() == io.deadwood.api.nn.StateSlot.Kind.SELECTION) {
                selections.set(e.layer().name(), io.deadwood.api.checkpoint.StateCodec.JSON.valueToTree(
                        io.deadwood.api.nn.StateSlot.selection(t, e.slot().name())));
                continue;
            }
            if (t == null) continue;
            var entry = tensors.addObject();
            entry.put("name", e.slot().name());
            entry.set("shape", io.deadwood.api.checkpoint.StateCodec.JSON.valueToTree(t.shape()));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * t.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (float v : t.data()) b.putFloat(v);
            data.write(b.array());
        }
        byte[] head = header.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 + 4 + head.length + data.size() + 32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.put("DWMODEL1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(head.length).put(head).put(data.toByteArray());
        buf.put(io.deadwood.api.Sha256.of(buf.array(), buf.position()));
        Path file = tmp.resolve("old.dwm");
        Files.write(file, buf.array());
        assertEquals(ModelDigest.sha256(m), ModelDigest.sha256(ModelFile.load(file).model()));
    }
}
