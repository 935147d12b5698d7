package io.deadwood.methods.earlycrop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.saliency.GateRankingSession;
import io.deadwood.api.prune.saliency.GateScores;
import io.deadwood.api.prune.saliency.ProbePasses;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When EarlyCroP-S prunes. The paper prunes once training has left its first, fast phase (the
 * "lazy kernel" regime begins), judged at epoch ends from the weights' distance to those after
 * epoch 1, relative to their norm: d_e = |w_e - w_1| / |w_1|. At epoch 2 the threshold is set to
 * d_2 * min(1 - target - 0.1, 0.99); the first later epoch whose distance grew by less than that
 * makes the network prune at the next step. Should that not happen by {@code pruneAt}, the prune
 * happens there, as the code's prune_to cap does. The cut is one shot of CroP-S scores.
 */
final class EarlyCropSession extends GateRankingSession {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyCropSession.class);

    private final boolean lazyCheck;
    /** All parameters after epoch 1 (only until the prune), and their norm. */
    private float[][] reference;
    private double referenceNorm;
    private double lastDistance;
    private double threshold = Double.NaN;
    /** The check fired; the prune runs after the next optimiser step. */
    private boolean due;
    private boolean done;
    private String trigger;

    EarlyCropSession(EarlyCropConfig config, PruningContext context) {
        super(EarlyCropMethod.ID, config.schedule(), context, 1, 0.5, config.batches());
        this.lazyCheck = config.lazyCheck();
    }

    @Override
    protected Map<String, double[]> score(ProbePasses passes) {
        return GateScores.gradientFlow(passes);
    }

    @Override
    public void afterOptimizerStep(StepContext step) {
        if (done) return;
        if (due) {
            prune(schedule.targetSparsity(), step.step());
            finish("weights settled");
            return;
        }
        super.afterOptimizerStep(step);
        if (pruningDone()) finish("pruneAt");
    }

    @Override
    public void onTrainingEnd(TrainingContext run) {
        if (done) return;
        super.onTrainingEnd(run);
        finish("end of training");
    }

    private void finish(String why) {
        done = true;
        due = false;
        reference = null;
        trigger = why;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingContext run) {
        if (done || due || !lazyCheck) return;
        List<Parameter> params = context.model().parameters();
        if (reference == null) {
            reference = new float[params.size()][];
            double sq = 0;
            for (int k = 0; k < params.size(); k++) {
                reference[k] = params.get(k).value().data().clone();
                for (float v : reference[k]) sq += (double) v * v;
            }
            referenceNorm = Math.sqrt(sq);
            return;
        }
        double d = distance(params) / referenceNorm;
        if (Double.isNaN(threshold)) threshold = d * Math.min(1 - schedule.targetSparsity() - 0.1, 0.99);
        if (Math.abs(d - lastDistance) < threshold) {
            due = true;
            LOG.info("{}: weights settled after epoch {} (distance {} from epoch 1, change {} < {}); pruning next step",
                    EarlyCropMethod.ID, metrics.epoch(), fmt(d), fmt(Math.abs(d - lastDistance)), fmt(threshold));
        }
        lastDistance = d;
    }

    private double distance(List<Parameter> params) {
        double sq = 0;
        for (int k = 0; k < params.size(); k++) {
            float[] w = params.get(k).value().data(), r = reference[k];
            for (int i = 0; i < w.length; i++) {
                double diff = (double) w[i] - r[i];
                sq += diff * diff;
            }
        }
        return Math.sqrt(sq);
    }

    private static String fmt(double v) {
        return String.format("%.4g", v);
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = super.summary();
        s.put("trigger", trigger);
        return s;
    }

    @Override
    protected JsonNode saveExtra() {
        ObjectNode o = StateCodec.object();
        o.put("done", done);
        o.put("due", due);
        o.put("trigger", trigger);
        o.put("lastDistance", StateCodec.dbl(lastDistance));
        o.put("threshold", StateCodec.dbl(threshold));
        o.put("referenceNorm", StateCodec.dbl(referenceNorm));
        if (reference != null) {
            ArrayNode r = o.putArray("reference");
            for (float[] w : reference) r.add(StateCodec.floats(w));
        }
        return o;
    }

    @Override
    protected void restoreExtra(JsonNode o) {
        done = o.get("done").asBoolean();
        due = o.get("due").asBoolean();
        trigger = o.get("trigger").isNull() ? null : o.get("trigger").asText();
        lastDistance = StateCodec.dbl(o.get("lastDistance"));
        threshold = StateCodec.dbl(o.get("threshold"));
        referenceNorm = StateCodec.dbl(o.get("referenceNorm"));
        JsonNode r = o.get("reference");
        reference = null;
        if (r != null) {
            reference = new float[r.size()][];
            for (int k = 0; k < r.size(); k++) reference[k] = StateCodec.floats(r.get(k));
        }
    }
}
