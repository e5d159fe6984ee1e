package sc.fiji.cmems.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.train.IterationReport;
import sc.fiji.cmems.engine.train.TrainingListener;
import sc.fiji.cmems.engine.train.TrainingPlan;
import sc.fiji.cmems.engine.train.ValidationReport;

/**
 * Prints training progress as lines (command line, headless Fiji): every {@code every} iterations, and at
 * least every 15 seconds. Each line has the loss terms, the unlabeled weight,
 * the learning rate, the per-class share of confident pseudo-labels (so that a
 * collapse to background shows while it happens), elapsed time and time left.
 */
public final class ProgressPrinter implements TrainingListener {

	private final PrintStream out;
	private final String tag;
	private final int every;
	private double lastPrint = -1e9;
	/** The statistic of the method in training shown with the progress, or null. */
	private MethodDescriptor.Statistic statistic;

	public ProgressPrinter(final PrintStream out, final String tag, final int every) {
		this.out = out;
		this.tag = tag;
		this.every = Math.max(1, every);
	}

	@Override
	public void started(final TrainingPlan plan) {
		statistic = TrainingMethods.get(plan.method()).progress();
		out.println(prefix() + plan);
	}

	@Override
	public void iterationDone(final IterationReport r) {
		final boolean due = r.iteration() % every == 0 || r.iteration() == r.iterations() || r.elapsedSeconds() - lastPrint >= 15;
		if (!due) return;
		lastPrint = r.elapsedSeconds();
		final StringBuilder sb = new StringBuilder(prefix());
		sb.append(String.format(Locale.ROOT, "it %d/%d  loss %.4f  (", r.iteration(), r.iterations(), r.loss()));
		boolean first = true;
		for (final Map.Entry<String, Float> t : r.terms().entrySet()) {
			sb.append(first ? "" : " ").append(t.getKey()).append(' ').append(String.format(Locale.ROOT, "%.3f", t.getValue()));
			first = false;
		}
		sb.append(String.format(Locale.ROOT, r.learningRate() >= 1e-3f || r.learningRate() == 0 ? ")  lr %.4f" : ")  lr %.1e", r.learningRate()));
		final float[] pl = statistic == null ? null : statistic.ofFirstNetwork(r.statistics());
		if (pl != null) {
			sb.append("  ").append(statistic.label).append(" %");
			for (int c = 1; c < pl.length; c++) sb.append(String.format(Locale.ROOT, " c%d %.1f", c, 100 * pl[c]));
		}
		sb.append("  ").append(duration(r.elapsedSeconds())).append(", ").append(timeLeft(r.remainingSeconds()));
		out.println(sb);
	}

	@Override
	public void validated(final ValidationReport r) {
		out.println(prefix() + String.format(Locale.ROOT, "validation after %d iterations: mean Dice %.4f%s", r.iteration(), r.meanDice(), r.best() ? " (best so far, kept)" : ""));
	}

	@Override
	public void checkpointWritten(final Path file, final int iterationsDone) {
		out.println(prefix() + "checkpoint after " + iterationsDone + " iterations: " + file);
	}

	@Override
	public void message(final String text) {
		out.println(prefix() + text);
	}

	private String prefix() {
		return tag == null ? "" : "[" + tag + "] ";
	}

	/** @return e.g. "3 min 05 s left", or "time left not known yet" for NaN (see {@link IterationReport#remainingSeconds()}) */
	public static String timeLeft(final double seconds) {
		return Double.isNaN(seconds) ? "time left not known yet" : duration(seconds) + " left";
	}

	/** @return e.g. "3 min 05 s" */
	public static String duration(final double seconds) {
		final long s = Math.round(seconds);
		if (s < 60) return s + " s";
		if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
		return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
	}
}
