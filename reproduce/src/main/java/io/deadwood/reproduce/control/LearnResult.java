package io.deadwood.reproduce.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.result.MachineProbe;
import io.deadwood.api.result.Provenance;
import io.deadwood.control.learn.LearnConfig;
import io.deadwood.control.learn.LearnRun;
import io.deadwood.control.learn.Planning;
import java.util.List;

/**
 * What {@code control learn} writes to {@code result.json} (and the myriad-learn suite per system):
 * the reference plan on the true model, and for every variant its held-out errors (in the model's
 * scaled units), its units and parameters before and after pruning, and its plan's true cost and gap.
 *
 * @param referenceCost the true cost of planning on the true model
 */
public record LearnResult(String schema, String system, LearnConfig config, String optimizer, String integrator, int intervals,
                          String solver, double referenceCost, boolean referenceConverged, String referenceStatus,
                          double[] controlLow, double[] controlHigh, List<Variant> variants, String backend,
                          Provenance.SoftwareInfo software, Provenance.MachineInfo machine, String startedAt, double seconds) {

    public static final String SCHEMA = "deadwood.control-learn/1";

    /**
     * @param costGap  (cost - reference) / |reference|: 0 is as good as planning on the true model
     * @param endError for a fixed end state, how far the true end lands from it
     * @param planningLossFirst end to end only: the planning loss (true cost where the unrolled planner
     *                          ends, over the warm start's) at the first planning step; NaN otherwise
     * @param planningLossLast  the same at the last planning step
     */
    public record Variant(String label, String method, JsonNode methodConfig, double oneStepError, double rolloutError,
                          long unitsBefore, long unitsAfter, long paramsBefore, long paramsAfter, double neuronSparsity,
                          double finalDnr, double trainSeconds, double planSeconds, double cost, double costGap, double endError,
                          boolean planConverged, String planStatus, double planningLossFirst, double planningLossLast,
                          int planningSteps, String failure) {
        static Variant of(LearnRun.Row r) {
            Planning.Scored p = r.plan();
            return new Variant(r.label(), r.method(), r.config(), r.oneStepError(), r.rolloutError(), r.unitsBefore(), r.unitsAfter(),
                    r.paramsBefore(), r.paramsAfter(), r.neuronSparsity(), r.finalDnr(), r.trainSeconds(),
                    p == null ? Double.NaN : p.seconds(), p == null ? Double.NaN : p.cost(), r.costGap(),
                    p == null ? Double.NaN : p.endError(), p != null && p.converged(),
                    p == null ? "-" : p.status(), r.endToEnd() == null ? Double.NaN : r.endToEnd().firstRatio(),
                    r.endToEnd() == null ? Double.NaN : r.endToEnd().lastRatio(), r.endToEnd() == null ? 0 : r.endToEnd().planningSteps(),
                    r.failure());
        }
    }

    static LearnResult of(LearnRun.Result r, LearnConfig c, Planning planning, String backend, String startedAt, double seconds) {
        return new LearnResult(SCHEMA, r.system(), c, planning.optimizer(), planning.integrator().id(), planning.intervals(),
                planning.solver().id(), r.reference().cost(), r.reference().converged(), r.reference().status(), r.controlLow(),
                r.controlHigh(), r.rows().stream().map(Variant::of).toList(), backend, MachineProbe.software(),
                MachineProbe.machine(), startedAt, seconds);
    }
}
