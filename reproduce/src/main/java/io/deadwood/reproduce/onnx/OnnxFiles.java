package io.deadwood.reproduce.onnx;

import io.deadwood.api.DeadwoodException;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelDigest;
import io.deadwood.api.result.AtomicFiles;
import io.deadwood.api.result.MachineProbe;
import io.deadwood.api.result.Provenance;
import io.deadwood.reproduce.cli.UserError;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a model as an ONNX file, atomically, with Deadwood's provenance in its metadata. */
public final class OnnxFiles {
    private OnnxFiles() {
    }

    /** The provenance the metadata carries: software, the model and its digest. */
    static Map<String, String> provenance(Model model, double width) {
        Map<String, String> m = new LinkedHashMap<>();
        Provenance.SoftwareInfo sw = MachineProbe.software();
        m.put("deadwood.version", String.valueOf(sw.deadwoodVersion()));
        m.put("deadwood.git.commit", String.valueOf(sw.gitCommit()));
        m.put("deadwood.java", String.valueOf(sw.javaVersion()));
        m.put("deadwood.model", model.name());
        m.put("deadwood.width", Double.toString(width));
        m.put("deadwood.input.shape", java.util.Arrays.toString(model.inputShape()));
        m.put("deadwood.input", "the normalised image: (pixel / 255 - mean) / std per channel");
        m.put("deadwood.parameters", Long.toString(model.parameterCount()));
        m.put("deadwood.units", Long.toString(model.unitCount()));
        m.put("deadwood.model.sha256", ModelDigest.sha256(model));
        return m;
    }

    /** Exports to {@code out}; a model the exporter cannot express is a user error, and nothing is written. */
    public static void write(Path out, Model model, double width, Normalization normalization) {
        byte[] bytes;
        try {
            bytes = OnnxExport.export(model, normalization, provenance(model, width));
        } catch (DeadwoodException e) {
            throw new UserError(e.getMessage() + "; nothing was written to " + out, e);
        }
        AtomicFiles.write(out, bytes);
    }
}
