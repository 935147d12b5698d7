package io.deadwood.reproduce.cli;

import io.deadwood.api.model.ModelFile;
import io.deadwood.reproduce.onnx.OnnxExport;
import io.deadwood.reproduce.onnx.OnnxFiles;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a saved model (at its saved, possibly pruned, shape) as an ONNX graph (opset "
                + OnnxExport.OPSET + ") with Deadwood's provenance in its metadata.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--load", required = true, paramLabel = "FILE", description = "Model file written by 'train --save'.")
    Path load;

    @Option(names = "--onnx", required = true, paramLabel = "OUT", description = "The ONNX file to write.")
    Path onnx;

    @Option(names = "--plugins", paramLabel = "DIR", description = Plugins.OPTION_HELP)
    Path plugins;

    @Option(names = "--debug", description = "Print stack traces on errors.")
    boolean debug;

    private final MethodCatalog catalog;

    @Inject
    public ExportCommand(MethodCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Integer call() {
        ModelFile.Loaded loaded = ModelFile.load(load, catalog.models(plugins));
        OnnxFiles.write(onnx, loaded.model(), loaded.width(), loaded.normalization());
        System.out.printf("wrote %s: %s, %d parameters, %d units%n", onnx, loaded.model().name(),
                loaded.model().parameterCount(), loaded.model().unitCount());
        return 0;
    }
}
