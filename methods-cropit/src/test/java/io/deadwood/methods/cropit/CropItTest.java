package io.deadwood.methods.cropit;

import io.deadwood.testkit.SensitivityNet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.DeadwoodException;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.saliency.GateScores;
import io.deadwood.api.prune.saliency.ProbePasses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CropItTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CropItMethod method = new CropItMethod();

    private static ObjectNode config(double target) {
        return JSON.createObjectNode().put("targetSparsity", target).put("rounds", 1);
    }

    /** fc1 unit 1 sends nothing on (its column of fc2 is zero): no loss sensitivity, but gradient flow through fc2. */
    private static SensitivityNet muted(SensitivityNet t, int u) {
        float[] w = t.fc2.weight().value().data();
        for (int o = 0; o < t.fc2.outFeatures(); o++) w[o * t.fc2.inFeatures() + u] = 0f;
        return t;
    }

    @Test
    void cutsTheUnitThatNeverFiresNotTheOneThatOnlySendsNothingYet() {
        SensitivityNet t = muted(new SensitivityNet().dead("fc1", 4), 1);
        Map<String, double[]> flow = GateScores.gradientFlow(t.passes());
        assertEquals(0.0, flow.get("fc1")[4], "a unit that never fires carries no gradient at any nearby weights");
        assertTrue(flow.get("fc1")[1] > 0, "the muted unit's outgoing weights get gradient: it will carry flow");
        assertEquals(0.0, GateScores.sensitivity(t.passes()).get("fc1")[1], 1e-12, "while its loss sensitivity is 0");

        t.open(method, config(1.0 / 11), 10).step(0);
        assertArrayEquals(new int[] {4}, t.cut("fc1"));
        assertEquals(0, t.cut("fc2").length);
    }

    @Test
    void flowScoreIsTheGateDerivativeOfTheGradientsProductWithTheFixedGradient() {
        // d/dc (g . grad L) with the unit's output scaled by c: rows of the scaled unit see c times their gradient.
        SensitivityNet t = new SensitivityNet();
        ProbePasses passes = t.passes();
        List<Parameter> kernels = new ArrayList<>();
        for (Parameter p : t.model.parameters()) if (p.value().rank() >= 2) kernels.add(p);
        List<double[]> g = new ArrayList<>();
        for (Parameter p : kernels) g.add(new double[p.size()]);
        int[] n = {0};
        passes.run(() -> {
            for (int k = 0; k < kernels.size(); k++) {
                float[] d = kernels.get(k).grad().data();
                for (int i = 0; i < d.length; i++) g.get(k)[i] += d[i];
            }
            n[0]++;
        });
        for (double[] v : g) for (int i = 0; i < v.length; i++) v[i] /= n[0];
        Map<String, double[]> flow = GateScores.gradientFlow(passes);
        double largest = 0;
        for (Dense d : List.of(t.fc1, t.fc2)) {
            for (int u = 0; u < d.outFeatures(); u++) {
                double h = 1e-3;
                double slope = (product(passes, kernels, g, d, u, 1 + h) - product(passes, kernels, g, d, u, 1 - h)) / (2 * h);
                double got = flow.get(d.name())[u];
                assertEquals(Math.abs(slope), got, 1e-4 + 5e-2 * Math.abs(slope), d.name() + " unit " + u);
                largest = Math.max(largest, got);
            }
        }
        assertTrue(largest > 1e-2, "scores well above the tolerance: " + largest);
    }

    /** g . grad_theta L with unit u's output scaled by c, averaged over the probe batches. */
    private static double product(ProbePasses passes, List<Parameter> kernels, List<double[]> g, Dense d, int u, double c) {
        float[] w = d.weight().value().data(), b = d.bias().orElseThrow().value().data();
        float[] w0 = w.clone(), b0 = b.clone();
        int in = d.inFeatures();
        for (int i = 0; i < in; i++) w[u * in + i] = (float) (w0[u * in + i] * c);
        b[u] = (float) (b0[u] * c);
        double[] sum = {0};
        int[] n = {0};
        passes.run(() -> {
            for (int k = 0; k < kernels.size(); k++) {
                Parameter p = kernels.get(k);
                float[] grad = p.grad().data();
                double[] gk = g.get(k);
                for (int i = 0; i < grad.length; i++) {
                    boolean inRow = p == d.weight() && i / in == u;
                    sum[0] += gk[i] * grad[i] * (inRow ? c : 1);
                }
            }
            n[0]++;
        });
        System.arraycopy(w0, 0, w, 0, w.length);
        System.arraycopy(b0, 0, b, 0, b.length);
        return sum[0] / n[0];
    }

    @Test
    void scoringPutsTheWeightsBackBitForBit() {
        SensitivityNet t = new SensitivityNet();
        List<float[]> before = new ArrayList<>();
        for (Parameter p : t.model.parameters()) before.add(p.value().data().clone());
        GateScores.gradientFlow(t.passes());
        int k = 0;
        for (Parameter p : t.model.parameters()) assertArrayEquals(before.get(k++), p.value().data(), p.name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"rounds\": 0}|rounds",
            "{\"start\": 1.5}|start",
            "{\"batches\": 0}|batches",
            "{\"scope\": \"everywhere\"}|scope"})
    void invalidSettingsNameTheField(String json, String field) throws Exception {
        var e = assertThrows(DeadwoodException.class, () -> PruningMethods.readConfig(method, JSON.readTree(json)));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
