package io.deadwood.api.nn;

import io.deadwood.api.tensor.Tensor;
import java.util.SplittableRandom;

/** Initialisers shared by the layers; each draws its values in storage order so a seed fixes the result. */
final class Init {
    private Init() {
    }

    /** Kaiming (He) normal with fan-in and gain sqrt(2): keeps activation variance steady through ReLUs. */
    static void kaimingNormal(Tensor w, int fanIn, SplittableRandom rng) {
        double std = Math.sqrt(2.0 / fanIn);
        float[] d = w.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (rng.nextGaussian() * std);
    }
}
