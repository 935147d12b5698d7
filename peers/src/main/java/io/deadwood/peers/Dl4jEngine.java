package io.deadwood.peers;

import io.deadwood.api.data.Batch;
import io.deadwood.reproduce.bench.BenchRow;
import io.deadwood.reproduce.bench.GemmBench;
import io.deadwood.reproduce.bench.Rate;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** DL4J on ND4J's native CPU backend (oneDNN build, OpenBLAS underneath). */
final class Dl4jEngine implements Engine {
    private final int threads;

    Dl4jEngine(int threads) {
        this.threads = threads;
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Override
    public String version() {
        return "DL4J/ND4J " + Versions.get("dl4j") + " (nd4j-native linux-x86_64-onednn, JavaCPP "
                + Versions.get("javacpp") + ", OpenBLAS " + Versions.get("openblas") + ")";
    }

    @Override
    public String note() {
        return "SGD with Nesterov momentum 0.9 (DL4J has no plain-momentum SGD; Nesterov is its nearest), "
                + "OMP_NUM_THREADS " + System.getenv("OMP_NUM_THREADS")
                + ", OPENBLAS_CORETYPE " + System.getenv("OPENBLAS_CORETYPE");
    }

    @Override
    public List<BenchRow> gemm() {
        List<BenchRow> rows = new ArrayList<>();
        for (int n : GemmBench.SIZES) {
            INDArray a = Nd4j.create(GemmBench.random(n * n, n), new long[] {n, n}, 'c');
            INDArray b = Nd4j.create(GemmBench.random(n * n, n + 1), new long[] {n, n}, 'c');
            INDArray c = Nd4j.create(DataType.FLOAT, n, n);
            double g = Rate.best(2.0 * n * n * n, () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0)) / 1e9;
            rows.add(BenchRow.alone("sgemm " + n, threads, g, "GFLOP/s", "Nd4j.gemm into a preallocated C"));
        }
        return rows;
    }

    @Override
    public Trainer trainer(String name, int batch) {
        var layers = new NeuralNetConfiguration.Builder().seed(1).updater(new Nesterovs(0.05, 0.9))
                .weightInit(WeightInit.XAVIER).list();
        boolean conv = name.equals("convnet");
        if (conv) {
            layers.layer(convLayer(32)).layer(maxPool()).layer(convLayer(64)).layer(maxPool())
                    .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build());
        } else if (name.equals("mlp")) {
            layers.layer(new DenseLayer.Builder().nIn(784).nOut(300).activation(Activation.RELU).build())
                    .layer(new DenseLayer.Builder().nOut(100).activation(Activation.RELU).build());
        } else {
            throw new IllegalArgumentException("the peers comparison trains mlp and convnet, not " + name);
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                .activation(Activation.SOFTMAX).build());
        MultiLayerConfiguration conf = layers
                .setInputType(conv ? InputType.convolutional(28, 28, 1) : InputType.feedForward(784)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return b -> {
            long[] shape = conv ? new long[] {b.size(), 1, 28, 28} : new long[] {b.size(), 784};
            INDArray x = Nd4j.create(b.images().data(), shape, 'c');
            INDArray y = Nd4j.zeros(DataType.FLOAT, b.size(), 10);
            for (int i = 0; i < b.size(); i++) y.putScalar(i, b.labels()[i], 1f);
            net.fit(new DataSet(x, y));
        };
    }

    private static ConvolutionLayer convLayer(int filters) {
        return new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nOut(filters)
                .activation(Activation.RELU).build();
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }
}
