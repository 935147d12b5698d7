package io.deadwood.reproduce.cli;

import io.deadwood.api.train.BatchProgress;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.ProgressListener;
import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per epoch on a terminal; one plain line per epoch when stdout is a file or a pipe,
 * so logs stay readable.
 */
public final class ConsoleProgress implements ProgressListener {
    private final PrintStream out;
    private final boolean terminal;
    private final String prefix;
    private ProgressBar bar;
    private long lastMessage;

    public ConsoleProgress() {
        this("");
    }

    /** With a prefix naming what trains (a suite's cell), shown before each epoch. */
    public ConsoleProgress(String prefix) {
        this(System.out, isTerminal(), prefix);
    }

    ConsoleProgress(PrintStream out, boolean terminal, String prefix) {
        this.out = out;
        this.terminal = terminal;
        this.prefix = prefix.isEmpty() ? "" : prefix + " ";
    }

    private static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batchesPerEpoch) {
        if (!terminal) return;
        bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "%sepoch %d/%d", prefix, epoch, epochs))
                .setInitialMax(batchesPerEpoch)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build();
    }

    /** Only a terminal shows a bar; a log gets one line per epoch. */
    @Override
    public boolean followsBatches() {
        return terminal;
    }

    @Override
    public void onBatch(BatchProgress p) {
        if (bar == null) return;
        bar.stepTo(p.batch());
        // The bar redraws every 250 ms; formatting the message for every batch would only make garbage.
        long now = System.nanoTime();
        if (now - lastMessage < 100_000_000L && p.batch() < p.batchesPerEpoch()) return;
        lastMessage = now;
        // A regression run has no accuracy (NaN): its line shows the loss alone.
        String acc = Double.isNaN(p.runningAccuracy()) ? "" : String.format(Locale.ROOT, " acc %.4f", p.runningAccuracy());
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f%s %,.0f img/s", p.runningLoss(), acc, p.imagesPerSecond()));
    }

    @Override
    public void onEvaluationStart(int epoch) {
        if (bar != null) bar.setExtraMessage(bar.getExtraMessage() + " | evaluating");
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        String test = !m.evaluated() ? ""
                : Double.isNaN(m.testAccuracy()) ? String.format(Locale.ROOT, "  test loss %.4f", m.testLoss())
                : String.format(Locale.ROOT, "  test loss %.4f  test acc %.4f", m.testLoss(), m.testAccuracy());
        String train = Double.isNaN(m.trainAccuracy()) ? "" : String.format(Locale.ROOT, "  train acc %.4f", m.trainAccuracy());
        out.printf(Locale.ROOT, "%sepoch %d  train loss %.4f%s%s  %,.0f img/s  %.1f s%n",
                prefix, m.epoch(), m.trainLoss(), train, test, m.imagesPerSecond(), m.wallNanos() / 1e9);
    }
}
