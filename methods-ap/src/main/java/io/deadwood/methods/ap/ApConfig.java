package io.deadwood.methods.ap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Settings of AP (Liu et al., TMLR 2023). Defaults are the public code's: each cycle removes p = 20%
 * of the remaining weights, p - pAp = 18% by the base method and pAp = 2% by AP, and survivors are
 * rewound to the weights the cycle started from.
 *
 * <p>AP owns the rewind and the per-cycle share, so it passes two settings down to the inner method
 * when the inner's config has them and {@code innerConfig} does not name them: {@code rate} (the
 * fraction of the remaining weights removed per cycle) becomes {@code p - pAp}, and {@code rewind}
 * becomes {@code "none"}, since AP rewinds after its own pruning.
 *
 * @param inner             id of the base method, found with ServiceLoader (any method but AP itself)
 * @param innerConfig       the base method's config as JSON, over its defaults (empty: its defaults)
 * @param p                 share of the remaining weights a cycle removes in all, in (0, 1)
 * @param pAp               share of the remaining weights AP removes, chosen among the surviving
 *                          negative weights that moved least during the cycle, in [0, p)
 * @param rewind            survivors after the prunes: {@code "cycle-start"} (the cycle's starting
 *                          weights), {@code "reinit"} (a fresh random initialisation) or {@code "none"}
 * @param includeClassifier whether AP may prune the classifier's kernel
 */
public record ApConfig(String inner, JsonNode innerConfig, double p, double pAp, String rewind,
                       boolean includeClassifier) {

    public static final List<String> REWINDS = List.of("cycle-start", "reinit", "none");

    public ApConfig {
        if (inner == null || !inner.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("inner must be a method id ([a-z0-9-]+), got " + inner);
        }
        if (inner.equals("ap")) throw new IllegalArgumentException("inner must be a base method, not ap itself");
        if (innerConfig == null || innerConfig.isNull() || innerConfig.isMissingNode()) {
            innerConfig = JsonNodeFactory.instance.objectNode();
        }
        if (!innerConfig.isObject()) {
            throw new IllegalArgumentException("innerConfig must be a JSON object, got " + innerConfig.getNodeType());
        }
        innerConfig = innerConfig.deepCopy();
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        if (!(pAp >= 0 && pAp < p)) throw new IllegalArgumentException("pAp must be in [0, p), got " + pAp + " with p " + p);
        if (rewind == null || !REWINDS.contains(rewind)) {
            throw new IllegalArgumentException("rewind must be one of " + REWINDS + ", got " + rewind);
        }
    }

    public static ApConfig defaults() {
        return new ApConfig("magnitude", null, 0.20, 0.02, "cycle-start", true);
    }

    /** A copy: the record stays immutable. */
    @Override
    public JsonNode innerConfig() { return innerConfig.deepCopy(); }

    /** The base method's config: {@code innerConfig} plus the settings AP passes down (see above). */
    public ObjectNode innerConfigFor(JsonNode innerDefaults) {
        ObjectNode out = innerConfig.deepCopy();
        if (innerDefaults != null && innerDefaults.has("rate") && !out.has("rate")) out.put("rate", Math.round((p - pAp) * 1e12) / 1e12);
        if (innerDefaults != null && innerDefaults.has("rewind") && !out.has("rewind")) out.put("rewind", "none");
        return out;
    }
}
