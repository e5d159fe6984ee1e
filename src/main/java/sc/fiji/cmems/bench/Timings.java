package sc.fiji.cmems.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Seconds of repeated runs of one thing, and their order statistics. */
public final class Timings {

	private final List<Double> seconds = new ArrayList<>();

	public void add(final double s) {
		seconds.add(s);
	}

	public void addAll(final List<Double> s) {
		seconds.addAll(s);
	}

	public int count() {
		return seconds.size();
	}

	public boolean isEmpty() {
		return seconds.isEmpty();
	}

	public double min() {
		return quantile(0);
	}

	public double median() {
		final double[] s = sorted();
		final int n = s.length;
		return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	}

	/** @return the 90th percentile (nearest rank) */
	public double p90() {
		return quantile(0.9);
	}

	public double max() {
		return quantile(1);
	}

	/** @return the nearest-rank quantile {@code q} in [0, 1] */
	public double quantile(final double q) {
		final double[] s = sorted();
		if (s.length == 0) return Double.NaN;
		final int rank = (int) Math.ceil(q * s.length);
		return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
	}

	/** @return the values in the order they were taken */
	public List<Double> values() {
		return new ArrayList<>(seconds);
	}

	private double[] sorted() {
		final double[] s = new double[seconds.size()];
		for (int i = 0; i < s.length; i++) s[i] = seconds.get(i);
		Arrays.sort(s);
		return s;
	}
}
