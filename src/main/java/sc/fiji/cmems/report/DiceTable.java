package sc.fiji.cmems.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-class Dice of several methods over a set of images, summarised as
 * mean ± standard deviation per class and the mean over classes, as a
 * Markdown table (and CSV rows per image).
 */
public final class DiceTable {

	private final List<String> classNames;
	private final Map<String, List<double[]>> rows = new LinkedHashMap<>();
	private final Map<String, List<String>> imageNames = new LinkedHashMap<>();

	/** @param classNames names of the foreground classes (background excluded) */
	public DiceTable(final List<String> classNames) {
		this.classNames = classNames;
	}

	/** Adds one image's Dice per foreground class for {@code method}. */
	public void add(final String method, final String image, final double[] dice) {
		if (dice.length != classNames.size()) throw new IllegalArgumentException(dice.length + " Dice values for " + classNames.size() + " classes");
		rows.computeIfAbsent(method, k -> new ArrayList<>()).add(dice.clone());
		imageNames.computeIfAbsent(method, k -> new ArrayList<>()).add(image);
	}

	/** @return mean over images and classes of {@code method} */
	public double meanDice(final String method) {
		double sum = 0;
		final List<double[]> r = rows.get(method);
		for (final double[] d : r) for (final double v : d) sum += v;
		return sum / (r.size() * classNames.size());
	}

	/** @return per class mean over images of {@code method} */
	public double[] classMeans(final String method) {
		final double[] m = new double[classNames.size()];
		final List<double[]> r = rows.get(method);
		for (final double[] d : r) for (int c = 0; c < m.length; c++) m[c] += d[c] / r.size();
		return m;
	}

	/** @return the Markdown table: one row per method, mean ± std per class and the mean over classes */
	public String markdown() {
		final StringBuilder sb = new StringBuilder("| method | images |");
		for (final String c : classNames) sb.append(' ').append(c).append(" |");
		sb.append(" mean |\n|---|---|");
		for (int i = 0; i <= classNames.size(); i++) sb.append("---|");
		sb.append('\n');
		for (final Map.Entry<String, List<double[]>> e : rows.entrySet()) {
			final List<double[]> r = e.getValue();
			sb.append("| ").append(e.getKey()).append(" | ").append(r.size()).append(" |");
			for (int c = 0; c < classNames.size(); c++) {
				double mean = 0, sq = 0;
				for (final double[] d : r) mean += d[c] / r.size();
				for (final double[] d : r) sq += (d[c] - mean) * (d[c] - mean);
				final double std = r.size() > 1 ? Math.sqrt(sq / (r.size() - 1)) : 0;
				sb.append(String.format(Locale.ROOT, " %.3f ± %.3f |", mean, std));
			}
			sb.append(String.format(Locale.ROOT, " **%.3f** |%n", meanDice(e.getKey())));
		}
		return sb.toString();
	}

	/** @return CSV with one row per method and image */
	public String csv() {
		final StringBuilder sb = new StringBuilder("method,image");
		for (final String c : classNames) sb.append(',').append(c);
		sb.append('\n');
		for (final Map.Entry<String, List<double[]>> e : rows.entrySet())
			for (int i = 0; i < e.getValue().size(); i++) {
				sb.append(e.getKey()).append(',').append(imageNames.get(e.getKey()).get(i));
				for (final double v : e.getValue().get(i)) sb.append(String.format(Locale.ROOT, ",%.6f", v));
				sb.append('\n');
			}
		return sb.toString();
	}
}
