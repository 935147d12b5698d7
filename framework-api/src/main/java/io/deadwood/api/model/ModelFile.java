package io.deadwood.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.Sha256;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.nn.StateSlot;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained (possibly narrowed) model on disk: the model provider's id, width and input shape it
 * was built from, the normalisation its inputs need, and its whole state as the layers declare it
 * ({@link ModelState}: parameters, running statistics, unit masks, skip selections) at its current
 * shape. Loading asks the provider for the model and puts the stored state back, so a pruned or
 * masked network comes back as it was saved, and a plugin model loads wherever its jar is present.
 *
 * <p>Layout: magic {@code DWMODEL1}, header length (int32), JSON header, float32 data
 * (little-endian), SHA-256 of everything before it. Header format 2 lists every state tensor;
 * format 1 (older files) stored skip selections in the header and had no unit masks.
 */
public final class ModelFile {
    private static final byte[] MAGIC = "DWMODEL1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_HEADER = 16 << 20;

    /** A loaded model and the input normalisation it was trained with. */
    public record Loaded(Model model, double width, Normalization normalization) {
    }

    private ModelFile() {
    }

    public static void save(Path file, Model model, double width, Normalization norm) {
        ObjectNode header = JSON.createObjectNode();
        header.put("format", 2);
        header.put("model", model.name());
        header.put("width", width);
        header.set("inputShape", JSON.valueToTree(model.inputShape()));
        header.put("numClasses", model.numClasses());
        header.set("mean", JSON.valueToTree(norm.mean()));
        header.set("std", JSON.valueToTree(norm.std()));
        ArrayNode tensors = header.putArray("tensors");
        Map<String, Tensor> state = ModelState.values(model);
        int floats = 0;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            ObjectNode t = tensors.addObject();
            t.put("name", e.getKey());
            t.set("shape", JSON.valueToTree(e.getValue().shape()));
            floats += e.getValue().size();
        }
        byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + head.length + 4 * floats + 32).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(head.length).put(head);
        for (Tensor t : state.values()) for (float v : t.data()) buf.putFloat(v);
        buf.put(Sha256.of(buf.array(), buf.position()));
        AtomicFiles.write(file, buf.array());
    }

    /** Loads a model of a built-in family. */
    public static Loaded load(Path file) {
        return load(file, Models.builtIn());
    }

    /** Loads a model whose family is one of {@code models} (plugin families included). */
    public static Loaded load(Path file, Models models) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DeadwoodException("cannot read model file " + file + ": " + e.getMessage());
        }
        String where = "model file " + file + ": ";
        if (bytes.length < MAGIC.length + 4 + 32 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new DeadwoodException(where + "not a Deadwood model (wrong magic); save one with 'deadwood train --save FILE'");
        }
        int body = bytes.length - 32;
        if (!Arrays.equals(Sha256.of(bytes, body), Arrays.copyOfRange(bytes, body, bytes.length))) {
            throw new DeadwoodException(where + "checksum mismatch: the file is truncated or damaged; save it again");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, body).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        int headLen = buf.getInt();
        if (headLen <= 0 || headLen > MAX_HEADER || headLen > buf.remaining()) {
            throw new DeadwoodException(where + "header length " + headLen + " does not fit the file");
        }
        try {
            JsonNode h = JSON.readTree(new String(bytes, buf.position(), headLen, StandardCharsets.UTF_8));
            buf.position(buf.position() + headLen);
            return rebuild(h, buf, where, models);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DeadwoodException d) throw d;
            throw new DeadwoodException(where + "unreadable header or tensors (" + e.getMessage() + ")", e);
        }
    }

    private static Loaded rebuild(JsonNode h, ByteBuffer buf, String where, Models models) throws IOException {
        if (!h.isObject()) throw new DeadwoodException(where + "the header is not a JSON object; the file is damaged");
        int format = h.path("format").asInt();
        if (format != 1 && format != 2) {
            throw new DeadwoodException(where + "unsupported format " + h.path("format") + "; this Deadwood reads formats 1 and 2");
        }
        String name = text(h, "model", where);
        double width = number(h, "width", where);
        int[] input = ints(h, "inputShape", where);
        int numClasses = (int) number(h, "numClasses", where);
        float[] mean = floats(h, "mean", where), std = floats(h, "std", where);
        JsonNode list = h.get("tensors");
        if (list == null || !list.isArray()) throw new DeadwoodException(where + "the header has no tensors list; the file is damaged");
        // The header's sizes are checked against the bytes present before anything is allocated.
        long available = buf.remaining() / 4, floats = 0;
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (JsonNode t : list) {
            if (!t.isObject()) throw new DeadwoodException(where + "tensor entry " + t + " is not an object; the file is damaged");
            String tensor = text(t, "name", where);
            int[] shape = ints(t, "shape", where + "tensor " + tensor + ": ");
            long size = 1;
            for (int d : shape) {
                if (d < 0) throw new DeadwoodException(where + "negative dimension in " + t);
                size = Math.min(size * d, available + 1);
            }
            floats = Math.min(floats + size, available + 1);
            if (shapes.put(tensor, shape) != null) throw new DeadwoodException(where + "tensor '" + tensor + "' is stored twice");
        }
        if (floats * 4 != buf.remaining()) {
            throw new DeadwoodException(where + "the header describes " + (floats > available ? "more than " + buf.remaining()
                    : floats * 4) + " bytes of tensors but the file holds " + buf.remaining() + "; the file is damaged");
        }
        if (!models.ids().contains(name)) {
            throw new DeadwoodException(where + "it holds a '" + name + "' model, and no model provider has that id"
                    + " (available: " + String.join(", ", models.ids()) + models.brokenNote()
                    + "); put the plugin jar that provides it in the plugins folder");
        }
        Model model;
        try {
            model = models.create(name, width, input, numClasses);
        } catch (OutOfMemoryError e) {
            throw new DeadwoodException(where + "the header asks for a " + name + " at width " + width + " on input "
                    + Arrays.toString(input) + ", more than this JVM's memory holds; the file is damaged, or give Java"
                    + " more memory (-Xmx)");
        } catch (IllegalArgumentException e) {
            throw new DeadwoodException(where + "cannot build its " + name + " model: " + e.getMessage() + "; the file is damaged");
        }
        Map<String, Tensor> stored = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            Tensor x = Tensor.zeros(e.getValue());
            for (int i = 0; i < x.size(); i++) x.set(i, buf.getFloat());
            stored.put(e.getKey(), x);
        }
        if (format == 1) {
            // Format 1 kept identity-skip selections in the header, by block name.
            JsonNode sel = h.path("skipSelections");
            sel.properties().forEach(e -> stored.put(e.getKey() + ".skipSelection",
                    StateSlot.selectionTensor(ints(sel, e.getKey(), where + "skip selection of " + e.getKey() + ": "))));
        }
        try {
            ModelState.restore(model, stored);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DeadwoodException(where + e.getMessage() + "; the file is damaged");
        }
        return new Loaded(model, width, new Normalization(mean, std));
    }

    private static String text(JsonNode h, String field, String where) {
        JsonNode v = h.get(field);
        if (v == null || !v.isTextual()) throw missing(field, "a string", where);
        return v.asText();
    }

    private static double number(JsonNode h, String field, String where) {
        JsonNode v = h.get(field);
        if (v == null || !v.isNumber()) throw missing(field, "a number", where);
        return v.asDouble();
    }

    private static int[] ints(JsonNode h, String field, String where) {
        JsonNode v = h.get(field);
        if (v == null || !v.isArray()) throw missing(field, "a list of whole numbers", where);
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).canConvertToInt() || !v.get(i).isIntegralNumber()) throw missing(field, "a list of whole numbers", where);
            out[i] = v.get(i).asInt();
        }
        return out;
    }

    private static float[] floats(JsonNode h, String field, String where) {
        JsonNode v = h.get(field);
        if (v == null || !v.isArray()) throw missing(field, "a list of numbers", where);
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) throw missing(field, "a list of numbers", where);
            out[i] = (float) v.get(i).asDouble();
        }
        return out;
    }

    private static DeadwoodException missing(String field, String what, String where) {
        return new DeadwoodException(where + "'" + field + "' in the header must be " + what + "; the file is damaged");
    }
}
