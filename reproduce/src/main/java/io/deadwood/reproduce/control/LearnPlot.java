package io.deadwood.reproduce.control;

import io.deadwood.control.learn.LearnRun;
import io.deadwood.control.learn.Planning;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * True against learned trajectories, one panel per state: the plan made on the true model, and for
 * the dense model and one pruned one, what the learned model predicted its plan would do (dashed)
 * beside what the true system did under that plan (solid).
 */
final class LearnPlot {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private LearnPlot() {
    }

    static byte[] png(LearnRun.Result r, double horizon, String prunedLabel) {
        int n = r.reference().states()[0].length, panels = Math.min(n, 4);
        java.awt.image.BufferedImage[] images = new java.awt.image.BufferedImage[panels];
        for (int i = 0; i < panels; i++) {
            XYChart c = new XYChartBuilder().width(800).height(260).title(r.system() + ": state x" + i)
                    .xAxisTitle("t").yAxisTitle("x" + i).build();
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            add(c, "planned on the true model", r.reference().states(), i, horizon, false);
            for (LearnRun.Row row : r.rows()) {
                if (row.plan() == null || !(row.label().equals("dense") || row.label().equals(prunedLabel))) continue;
                Planning.Scored p = row.plan();
                add(c, row.label() + ": true system", p.states(), i, horizon, false);
                add(c, row.label() + ": learned model's prediction", p.plannedStates(), i, horizon, true);
            }
            images[i] = BitmapEncoder.getBufferedImage(c);
        }
        int height = 0;
        for (var im : images) height += im.getHeight();
        var all = new java.awt.image.BufferedImage(images[0].getWidth(), height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = all.createGraphics();
        int y = 0;
        for (var im : images) {
            g.drawImage(im, 0, y, null);
            y += im.getHeight();
        }
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(all, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(XYChart c, String name, double[][] states, int i, double horizon, boolean dashed) {
        if (states == null) return;
        double[] t = new double[states.length], v = new double[states.length];
        for (int k = 0; k < states.length; k++) {
            t[k] = horizon * k / (states.length - 1);
            v[k] = states[k][i];
        }
        XYSeries s = c.addSeries(name, t, v);
        s.setMarker(SeriesMarkers.NONE);
        if (dashed) s.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
    }
}
