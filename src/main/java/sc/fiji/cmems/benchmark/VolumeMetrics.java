package sc.fiji.cmems.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.cmems.engine.metrics.ClassMetrics;

/**
 * Per-class metrics of many volumes, summarised as the protocol asks:
 * mean ± standard deviation over volumes per class, then the mean over
 * classes. Undefined distances (empty prediction or truth) are left out of the
 * distance means and counted.
 */
public final class VolumeMetrics {

	/** One volume's result. */
	public static final class Row {

		public final String volume;
		public final List<ClassMetrics> classes;

		public Row(final String volume, final List<ClassMetrics> classes) {
			this.volume = volume;
			this.classes = classes;
		}
	}

	/** Mean, standard deviation and count of defined values. */
	public static final class Stat {

		public final double mean, std;
		public final int defined, total;

		Stat(final double mean, final double std, final int defined, final int total) {
			this.mean = mean;
			this.std = std;
			this.defined = defined;
			this.total = total;
		}

		@Override
		public String toString() {
			return defined == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f ± %.3f", mean, std) + (defined < total ? " (" + defined + "/" + total + ")" : "");
		}
	}

	private final List<String> classNames;
	private final List<Row> rows = new ArrayList<>();

	/** @param classNames foreground class names, in class order */
	public VolumeMetrics(final List<String> classNames) {
		this.classNames = classNames;
	}

	public void add(final Row row) {
		rows.add(row);
	}

	public List<Row> rows() {
		return rows;
	}

	public List<String> classNames() {
		return classNames;
	}

	/** @param metric 0 Dice, 1 HD95, 2 ASD; {@code c} is the foreground class index from 0 */
	public Stat stat(final int metric, final int c) {
		final List<Double> v = new ArrayList<>();
		for (final Row r : rows) {
			final ClassMetrics m = r.classes.get(c);
			final double x = metric == 0 ? m.dice() : metric == 1 ? m.hd95() : m.asd();
			if (Double.isFinite(x)) v.add(x);
		}
		return stat(v, rows.size());
	}

	/** @return the mean over classes of the per-class means of {@code metric} */
	public double meanOverClasses(final int metric) {
		double sum = 0;
		int n = 0;
		for (int c = 0; c < classNames.size(); c++) {
			final Stat s = stat(metric, c);
			if (s.defined > 0) {
				sum += s.mean;
				n++;
			}
		}
		return n == 0 ? Double.NaN : sum / n;
	}

	/** The header of a table of {@link #csv} rows whose prefix names the exemplar and the method. */
	public static final String CSV_HEADER = "exemplar,method,volume,class,dice,hd95,asd,status,predicted_voxels,truth_voxels\n";

	/** @return CSV rows: volume, class, dice, hd95, asd, status, voxel counts */
	public String csv(final String prefix) {
		final StringBuilder sb = new StringBuilder();
		for (final Row r : rows)
			for (final ClassMetrics m : r.classes)
				sb.append(prefix).append(r.volume).append(',').append(classNames.get(m.classIndex() - 1)).append(String.format(Locale.ROOT, ",%.6f,%.6f,%.6f,%s,%d,%d%n",
					m.dice(), m.hd95(), m.asd(), m.status(), m.predictedVoxels(), m.truthVoxels()));
		return sb.toString();
	}

	static Stat stat(final List<Double> values, final int total) {
		if (values.isEmpty()) return new Stat(Double.NaN, Double.NaN, 0, total);
		double mean = 0;
		for (final double v : values) mean += v / values.size();
		double sq = 0;
		for (final double v : values) sq += (v - mean) * (v - mean);
		return new Stat(mean, values.size() > 1 ? Math.sqrt(sq / (values.size() - 1)) : 0, values.size(), total);
	}
}
