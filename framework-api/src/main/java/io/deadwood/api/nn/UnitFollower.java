package io.deadwood.api.nn;

/**
 * State outside the parameters that is indexed by a unit group and must follow a cut: running
 * statistics, a unit mask, a residual skip's channel selection. Surgery asks every follower of a
 * group before it slices any parameter (so a follower may read widths that the cut will change),
 * then runs what each returned once the parameters are narrowed.
 */
@FunctionalInterface
public interface UnitFollower {
    /**
     * @param keep     indices of the units that stay, ascending
     * @param newIndex for each old unit, its index after the cut, or -1 when it goes
     * @return the change to make after the parameters are narrowed
     */
    Runnable follow(int[] keep, int[] newIndex);
}
