package io.deadwood.api.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelState;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact encodings of training state in JSON: floats and doubles as their bits (base64 for arrays),
 * so that a restored run continues bit for bit; tensors with their shapes; the model, the optimiser
 * and weight snapshots keyed by parameter and layer names, which surgery never changes.
 */
public final class StateCodec {
    public static final ObjectMapper JSON = new ObjectMapper();

    private StateCodec() {
    }

    public static ObjectNode object() { return JSON.createObjectNode(); }

    public static String floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return Base64.getEncoder().encodeToString(b.array());
    }

    public static float[] floats(JsonNode n) {
        if (n == null || !n.isTextual()) throw new CheckpointException("checkpoint: a float array is missing or not text");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(n.asText());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint: a float array is not valid base64", e);
        }
        if (bytes.length % 4 != 0) throw new CheckpointException("checkpoint: a float array has " + bytes.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / 4];
        for (int i = 0; i < v.length; i++) v[i] = b.getFloat();
        return v;
    }

    /** A double as the decimal string of its raw bits: NaN and every payload survive. */
    public static String dbl(double d) { return Long.toString(Double.doubleToRawLongBits(d)); }

    public static double dbl(JsonNode n) { return Double.longBitsToDouble(Long.parseLong(n.asText())); }

    public static ObjectNode tensor(Tensor t) {
        ObjectNode o = object();
        o.set("shape", JSON.valueToTree(t.shape()));
        o.put("data", floats(t.data()));
        return o;
    }

    /** The data is decoded first, so a shape that claims more than the file holds allocates nothing. */
    public static Tensor tensor(JsonNode n) {
        if (n == null || !n.isObject()) throw new CheckpointException("checkpoint: a tensor entry is missing or malformed");
        float[] d = floats(n.get("data"));
        JsonNode shapeNode = n.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) throw new CheckpointException("checkpoint: a tensor has no shape");
        int[] shape = new int[shapeNode.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = shapeNode.get(i);
            if (!dim.canConvertToInt() || dim.asInt() < 0) throw new CheckpointException("checkpoint: a tensor dimension is invalid: " + dim);
            shape[i] = dim.asInt();
            size *= shape[i];
            if (size > d.length) throw new CheckpointException("checkpoint: tensor data does not match its shape");
        }
        if (size != d.length) throw new CheckpointException("checkpoint: tensor data does not match its shape");
        return Tensor.wrap(d, shape);
    }

    public static ArrayNode longs(long[] v) { return JSON.valueToTree(v); }

    public static long[] longs(JsonNode n) { return JSON.convertValue(n, long[].class); }

    public static ObjectNode random(SavableRandom r) {
        ObjectNode o = object();
        o.set("state", longs(r.state()));
        return o;
    }

    public static void random(SavableRandom r, JsonNode n) { r.restore(longs(n.get("state"))); }

    // ---- model ----

    /** Every state slot the layers declare, by name, at its current shape (absent masks left out). */
    public static ObjectNode model(Model model) {
        ObjectNode o = object();
        ObjectNode slots = o.putObject("state");
        ModelState.values(model).forEach((name, t) -> slots.set(name, tensor(t)));
        return o;
    }

    public static void restoreModel(Model model, JsonNode o) {
        JsonNode slots = section(o, "state");
        Map<String, Tensor> stored = new LinkedHashMap<>();
        slots.properties().forEach(e -> stored.put(e.getKey(), tensor(e.getValue())));
        try {
            ModelState.restore(model, stored);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Shapes that do not fit the layers, or values of the wrong type: the state is not this model's.
            throw new CheckpointException("checkpoint: the saved model does not fit " + model.name() + " ("
                    + e.getMessage() + "); rerun with --fresh", e instanceof IllegalArgumentException ? e : null);
        }
    }

    private static JsonNode section(JsonNode o, String name) {
        if (o == null || !o.isObject()) throw new CheckpointException("checkpoint: the model state is missing or malformed");
        JsonNode n = o.get(name);
        if (n == null || !n.isObject()) throw new CheckpointException("checkpoint: the model state has no '" + name + "' section");
        return n;
    }

    static JsonNode need(JsonNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null) throw new CheckpointException("checkpoint: no state for '" + name + "'");
        return n;
    }

    public static Map<String, Parameter> parametersByName(Model model) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) out.put(p.name(), p);
        return out;
    }

    // ---- optimiser ----

    public static ObjectNode optimizer(Optimizer opt, Model model) {
        ObjectNode o = object();
        o.put("name", opt.name());
        o.put("steps", opt.stepCount());
        ObjectNode params = o.putObject("parameters");
        for (Parameter p : model.parameters()) {
            List<Tensor> slots = opt.slots(p);
            if (slots.isEmpty()) continue;
            ObjectNode s = params.putObject(p.name());
            s.put("steps", opt.slotSteps(p));
            ArrayNode a = s.putArray("slots");
            for (Tensor t : slots) a.add(tensor(t));
        }
        return o;
    }

    public static void restoreOptimizer(Optimizer opt, Model model, JsonNode o) {
        if (!opt.name().equals(o.path("name").asText())) {
            throw new CheckpointException("checkpoint: optimiser " + o.path("name").asText() + " but the run uses " + opt.name());
        }
        JsonNode params = o.get("parameters");
        for (Parameter p : model.parameters()) {
            JsonNode s = params.get(p.name());
            if (s == null) continue;
            List<Tensor> slots = new ArrayList<>();
            for (JsonNode t : s.get("slots")) slots.add(tensor(t));
            opt.restoreSlots(p, slots, s.get("steps").asLong());
        }
        opt.restoreStepCount(o.get("steps").asLong());
    }

    // ---- weight snapshots (rewind points) ----

    /** Copies of values keyed by state-slot name. */
    public static ObjectNode snapshot(Map<String, float[]> values) {
        ObjectNode o = object();
        ObjectNode vs = o.putObject("values");
        values.forEach((name, v) -> vs.put(name, floats(v)));
        return o;
    }

    public static Map<String, float[]> restoreSnapshot(JsonNode o) {
        JsonNode vs = o == null ? null : o.get("values");
        if (vs == null || !vs.isObject()) throw new CheckpointException("checkpoint: a weight snapshot has no values");
        Map<String, float[]> out = new LinkedHashMap<>();
        vs.properties().forEach(e -> out.put(e.getKey(), floats(e.getValue())));
        return out;
    }

    public static <K> Map<K, float[]> identityMap() { return new IdentityHashMap<>(); }

    /** JSON-serialisable values (summaries) through a tree and back: maps and lists as Jackson reads them. */
    public static Object plain(JsonNode n) {
        return JSON.convertValue(n, Object.class);
    }
}
