package io.deadwood.reproduce.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Activation;
import io.deadwood.api.nn.BatchNorm;
import io.deadwood.api.nn.Conv2d;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Flatten;
import io.deadwood.api.nn.GlobalAvgPool;
import io.deadwood.api.nn.Layer;
import io.deadwood.api.nn.MaxPool2d;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.nn.ResidualBlock;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model, at its pruned and narrowed shape, as a standard ONNX graph (opset 17): convolutions,
 * BatchNorm in inference form (kept, not folded, so each layer stays recognisable), ReLU and the
 * smooth activations, pooling, dense layers as Gemm, and residual adds. A residual skip that pruning
 * turned into a channel selection becomes a 1x1 convolution with a 0/1 matrix, which adds each kept
 * channel exactly once. The input is the normalised image, [batch, C, H, W], as Deadwood's model
 * sees it; the normalisation goes into the metadata with the provenance.
 */
public final class OnnxExport {
    /** The ONNX operator set the graph is written for. */
    public static final int OPSET = 17;
    static final String INPUT = "input", OUTPUT = "logits";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> names = new LinkedHashMap<>();
    private int[] shape;

    private OnnxExport() {
        // the graph's own input and output names: a layer of the same name gets a suffix
        names.put(INPUT, 1);
        names.put(OUTPUT, 1);
    }

    /**
     * The ONNX model of {@code model}; {@code metadata} goes into the model's metadata properties
     * (provenance), with the normalisation's mean and std when given.
     */
    public static byte[] export(Model model, Normalization normalization, Map<String, String> metadata) {
        OnnxExport e = new OnnxExport();
        e.shape = model.inputShape();
        String out = e.layer(model.network(), INPUT);
        e.graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(OUTPUT).addInput(out).addOutput(OUTPUT));
        GraphProto.Builder g = e.graph.setName(model.name());
        g.addInput(value(INPUT, prepend(model.inputShape())));
        g.addOutput(value(OUTPUT, new long[] {-1, model.numClasses()}));
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("Deadwood")
                .setProducerVersion(metadata.getOrDefault("deadwood.version", ""))
                .setGraph(g);
        Map<String, String> props = new LinkedHashMap<>(metadata);
        if (normalization != null) {
            props.put("deadwood.normalization.mean", Arrays.toString(normalization.mean()));
            props.put("deadwood.normalization.std", Arrays.toString(normalization.std()));
        }
        props.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build().toByteArray();
    }

    private static long[] prepend(int[] sample) {
        long[] dims = new long[sample.length + 1];
        dims[0] = -1;
        for (int i = 0; i < sample.length; i++) dims[i + 1] = sample[i];
        return dims;
    }

    private static ValueInfoProto value(String name, long[] dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto.Tensor t = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(s).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    /** Adds a layer's nodes reading {@code in}; returns the name of its output. */
    private String layer(Layer l, String in) {
        return switch (l) {
            case Sequential s -> {
                String x = in;
                for (Layer c : s.layers()) x = layer(c, x);
                yield x;
            }
            case Conv2d c -> conv(c, in);
            case BatchNorm b -> batchNorm(b, in);
            case ReLU r -> node("Relu", new String[] {in}, r.name(), Map.of());
            case Activation a -> node(switch (a.kind()) {
                case SIGMOID -> "Sigmoid";
                case TANH -> "Tanh";
                case SOFTPLUS -> "Softplus";
            }, new String[] {in}, a.name(), Map.of());
            case MaxPool2d p -> {
                shape = l.outputShape(shape);
                yield node("MaxPool", new String[] {in}, p.name(), Map.of("kernel_shape", ints(p.window(), p.window()),
                        "strides", ints(p.stride(), p.stride())));
            }
            case Flatten f -> {
                shape = l.outputShape(shape);
                yield node("Flatten", new String[] {in}, f.name(), Map.of("axis", AttributeProto.newBuilder().setName("axis")
                        .setType(AttributeProto.AttributeType.INT).setI(1).build()));
            }
            case GlobalAvgPool gap -> {
                shape = l.outputShape(shape);
                String pooled = node("GlobalAveragePool", new String[] {in}, gap.name() + ".pool", Map.of());
                yield node("Flatten", new String[] {pooled}, gap.name(), Map.of());
            }
            case Dense d -> dense(d, in);
            case ResidualBlock r -> residual(r, in);
            default -> throw new DeadwoodException("ONNX export knows Deadwood's built-in layers, not "
                    + l.getClass().getSimpleName() + " (layer " + l.name() + ")");
        };
    }

    private String conv(Conv2d c, String in) {
        String w = initializer(c.name() + ".weight", c.weight().value());
        String[] inputs = c.bias().isPresent() ? new String[] {in, w, initializer(c.name() + ".bias", c.bias().get().value())}
                : new String[] {in, w};
        shape = c.outputShape(shape);
        int p = c.padding();
        return node("Conv", inputs, c.name(), Map.of("kernel_shape", ints(c.kernel(), c.kernel()),
                "strides", ints(c.stride(), c.stride()), "pads", ints(p, p, p, p)));
    }

    private String batchNorm(BatchNorm b, String in) {
        String[] inputs = {in, initializer(b.name() + ".gamma", b.gamma().value()),
            initializer(b.name() + ".beta", b.beta().value()), initializer(b.name() + ".running_mean", b.runningMean()),
            initializer(b.name() + ".running_var", b.runningVar())};
        return node("BatchNormalization", inputs, b.name(), Map.of("epsilon", AttributeProto.newBuilder().setName("epsilon")
                .setType(AttributeProto.AttributeType.FLOAT).setF(b.eps()).build()));
    }

    private String dense(Dense d, String in) {
        // Deadwood's dense layer flattens an image input itself; Gemm needs [batch, features]
        String flat = shape.length == 1 ? in : node("Flatten", new String[] {in}, d.name() + ".flatten", Map.of());
        String[] inputs = d.bias().isPresent()
                ? new String[] {flat, initializer(d.name() + ".weight", d.weight().value()),
                    initializer(d.name() + ".bias", d.bias().get().value())}
                : new String[] {flat, initializer(d.name() + ".weight", d.weight().value())};
        shape = new int[] {d.outFeatures()};
        return node("Gemm", inputs, d.name(), Map.of("transB", AttributeProto.newBuilder().setName("transB")
                .setType(AttributeProto.AttributeType.INT).setI(1).build()));
    }

    private String residual(ResidualBlock r, String in) {
        int[] inShape = shape;
        String h = layer(r.relu1(), layer(r.bn1(), layer(r.conv1(), in)));
        String main = layer(r.bn2(), layer(r.conv2(), h));
        int[] outShape = shape;
        shape = inShape;
        String skip = in;
        if (r.hasProjection()) {
            skip = layer(r.shortcutBn().orElseThrow(), layer(r.shortcutConv().orElseThrow(), in));
        } else if (r.skipSelection() != null) {
            skip = selection(r.name() + ".skip", r.skipSelection(), inShape[0], in);
        }
        shape = outShape;
        String sum = node("Add", new String[] {main, skip}, r.name() + ".add", Map.of());
        return layer(r.relu2(), sum);
    }

    /** Output channel j takes input channel select[j] (none for -1), as a 1x1 convolution with a 0/1 matrix. */
    private String selection(String name, int[] select, int inChannels, String in) {
        Tensor w = Tensor.zeros(select.length, inChannels, 1, 1);
        for (int j = 0; j < select.length; j++) {
            if (select[j] >= 0) w.data()[j * inChannels + select[j]] = 1f;
        }
        return node("Conv", new String[] {in, initializer(name + ".select", w)}, name, Map.of("kernel_shape", ints(1, 1)));
    }

    private static AttributeProto ints(long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    private String node(String op, String[] inputs, String name, Map<String, AttributeProto> attributes) {
        String out = unique(name);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out);
        for (String i : inputs) n.addInput(i);
        n.addOutput(out);
        attributes.forEach((k, a) -> n.addAttribute(a.toBuilder().setName(k)));
        graph.addNode(n);
        return out;
    }

    private String initializer(String name, Tensor t) {
        String unique = unique(name);
        ByteBuffer b = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : t.data()) b.putFloat(v);
        TensorProto.Builder p = TensorProto.newBuilder().setName(unique).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(b.array()));
        for (int d : t.shape()) p.addDims(d);
        graph.addInitializer(p);
        return unique;
    }

    /** ONNX names are unique in a graph; a layer's name is used as is the first time. */
    private String unique(String name) {
        int n = names.merge(name, 1, Integer::sum);
        return n == 1 ? name : name + "#" + n;
    }
}
