package io.deadwood.control.systems.classic;

/**
 * {@code tumour-angiogenesis-betts}: {@link TumourAngiogenesis} with the endothelial equation of
 * Betts' section 10.70 and of Ledzewicz and Schaettler, q' = b p - (mu + d p^(2/3)) q - G u q
 * (stimulation by the tumour), where Myriad's code has b q. Everything else is the same,
 * including Myriad's fixed final time of 1.2 days.
 */
public final class TumourAngiogenesisBetts extends TumourAngiogenesis {
    public TumourAngiogenesisBetts() {
        super(true);
    }

    @Override public String id() { return "tumour-angiogenesis-betts"; }
    @Override public String description() { return "tumour anti-angiogenesis therapy under a total-dose limit (Betts' model: q stimulated at b p)"; }
    @Override public String source() { return "Betts 2020, Practical Methods for Optimal Control, 3rd ed., section 10.70; Ledzewicz & Schaettler; Myriad myriad/systems/miscellaneous/tumour.py (docstring)"; }
}
