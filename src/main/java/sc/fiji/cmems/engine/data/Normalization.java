package sc.fiji.cmems.engine.data;

import java.util.Arrays;

/**
 * How raw intensities become network input in [0, 1]. Applied to every 2D
 * slice on its own, in training and in inference alike (the network only ever
 * sees slices), and stored in the model bundle.
 */
public final class Normalization {

	/** The kinds of normalisation. */
	public enum Mode {
		/** Intensities are used as they are (they must already be in [0, 1]). */
		NONE,
		/** Linear map of the slice's minimum and maximum to 0 and 1. */
		MIN_MAX,
		/** Linear map of two percentiles to 0 and 1, clipped: robust to a few bright outliers. */
		PERCENTILE
	}

	public Mode mode = Mode.PERCENTILE;
	/** Lower percentile for {@link Mode#PERCENTILE}. */
	public double lowPercentile = 0.5;
	/** Upper percentile for {@link Mode#PERCENTILE}. */
	public double highPercentile = 99.5;

	/** @throws IllegalArgumentException naming the bad setting */
	public void check() {
		if (mode == null) throw new IllegalArgumentException("normalization.mode must be one of " + Arrays.toString(Mode.values()));
		if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100))
			throw new IllegalArgumentException("normalization percentiles must satisfy 0 <= low < high <= 100, were " + lowPercentile + " and " + highPercentile);
	}

	/** Normalises {@code slice} in place; a constant slice becomes all zeros. */
	public void apply(final float[] slice) {
		if (mode == Mode.NONE) return;
		final float lo, hi;
		if (mode == Mode.MIN_MAX) {
			float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
			for (final float v : slice) {
				if (v < min) min = v;
				if (v > max) max = v;
			}
			lo = min;
			hi = max;
		}
		else {
			final float[] sorted = slice.clone();
			Arrays.sort(sorted);
			lo = percentile(sorted, lowPercentile);
			hi = percentile(sorted, highPercentile);
		}
		final float range = hi - lo;
		if (!(range > 0)) {
			Arrays.fill(slice, 0f);
			return;
		}
		final float scale = 1f / range;
		for (int i = 0; i < slice.length; i++) slice[i] = Math.min(1f, Math.max(0f, (slice[i] - lo) * scale));
	}

	/** Linear interpolation between order statistics, as numpy's default. */
	/** @return NumPy's default (linear) percentile {@code p} of sorted values */
	public static float percentile(final float[] sorted, final double p) {
		final double pos = p / 100 * (sorted.length - 1);
		final int i = (int) Math.floor(pos);
		final int j = Math.min(i + 1, sorted.length - 1);
		return (float) (sorted[i] + (pos - i) * (sorted[j] - sorted[i]));
	}

	@Override
	public String toString() {
		return mode == Mode.PERCENTILE ? "percentile " + lowPercentile + "-" + highPercentile : mode.toString().toLowerCase();
	}
}
