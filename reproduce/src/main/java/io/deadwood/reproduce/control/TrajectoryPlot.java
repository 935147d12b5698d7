package io.deadwood.reproduce.control;

import io.deadwood.control.optim.Solution;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG of a solution's states and controls over time, one panel above the other. */
final class TrajectoryPlot {
    static {
        // Drawn off-screen; no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
    }

    private TrajectoryPlot() {
    }

    static byte[] png(String title, Solution s) {
        XYChart states = chart(title + ": states", "x");
        double[][] x = s.states();
        for (int i = 0; i < x[0].length; i++) {
            double[] v = new double[x.length];
            for (int k = 0; k < x.length; k++) v[k] = x[k][i];
            states.addSeries("x" + i, s.times(), v).setMarker(SeriesMarkers.NONE);
        }
        XYChart controls = chart(title + ": controls", "u");
        double[][] u = s.controls().points();
        double[] t = new double[u.length];
        for (int k = 0; k < u.length; k++) t[k] = s.times()[s.times().length - 1] * k / Math.max(1, u.length - 1);
        for (int j = 0; j < u[0].length; j++) {
            double[] v = new double[u.length];
            for (int k = 0; k < u.length; k++) v[k] = u[k][j];
            controls.addSeries("u" + j, t, v).setMarker(SeriesMarkers.NONE);
        }
        try {
            java.awt.image.BufferedImage top = BitmapEncoder.getBufferedImage(states);
            java.awt.image.BufferedImage bottom = BitmapEncoder.getBufferedImage(controls);
            java.awt.image.BufferedImage both = new java.awt.image.BufferedImage(top.getWidth(),
                    top.getHeight() + bottom.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = both.createGraphics();
            g.drawImage(top, 0, 0, null);
            g.drawImage(bottom, 0, top.getHeight(), null);
            g.dispose();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(both, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XYChart chart(String title, String y) {
        XYChart c = new XYChartBuilder().width(800).height(320).title(title).xAxisTitle("t").yAxisTitle(y).build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        c.getStyler().setLegendVisible(true);
        return c;
    }
}
