package sc.fiji.cmems.engine.metrics;

/**
 * Dice coefficients from label arrays or confusion counts, for the fast
 * validation during training (no surfaces, no distance transforms).
 * <p>
 * A confusion matrix here is {@code long[C][C]} indexed
 * {@code [truth label][predicted label]}. Per class {@code c}:
 * {@code |P∩G| = m[c][c]}, {@code |G| = Σ_k m[c][k]}, {@code |P| = Σ_k m[k][c]}.
 * A class absent from both prediction and truth has Dice 1, the convention of
 * {@link ClassMetrics}.
 */
public final class Dice {

	private Dice() {}

	/**
	 * @return {@code 2|P∩G| / (|P|+|G|)}, or 1 when both are empty
	 */
	public static double dice(final long intersection, final long predicted, final long truth) {
		if (intersection < 0 || predicted < 0 || truth < 0 || intersection > predicted || intersection > truth) {
			throw new IllegalArgumentException("inconsistent counts: |P∩G|=" + intersection + " |P|=" + predicted +
				" |G|=" + truth);
		}
		final long sum = predicted + truth;
		return sum == 0 ? 1.0 : 2.0 * intersection / sum;
	}

	/**
	 * @param prediction predicted labels in [0, numClasses)
	 * @param truth true labels in [0, numClasses), same length
	 * @param numClasses C, including background 0
	 * @return a new confusion matrix {@code [truth][prediction]}
	 */
	public static long[][] confusionMatrix(final int[] prediction, final int[] truth, final int numClasses) {
		if (numClasses < 1) throw new IllegalArgumentException("numClasses must be at least 1, was " + numClasses);
		final long[][] m = new long[numClasses][numClasses];
		accumulate(m, prediction, truth);
		return m;
	}

	/**
	 * Adds the counts of one more pair of label arrays to {@code confusion}.
	 *
	 * @throws IllegalArgumentException for different lengths or a label outside
	 *           [0, C), naming it
	 */
	public static void accumulate(final long[][] confusion, final int[] prediction, final int[] truth) {
		if (prediction.length != truth.length) {
			throw new IllegalArgumentException("prediction has " + prediction.length + " voxels, truth has " +
				truth.length);
		}
		final int c = checkSquare(confusion);
		for (int i = 0; i < prediction.length; i++) {
			final int p = prediction[i];
			final int g = truth[i];
			if (p < 0 || p >= c) throw SegmentationMetrics.outOfRange("prediction", p, i, c);
			if (g < 0 || g >= c) throw SegmentationMetrics.outOfRange("truth", g, i, c);
			confusion[g][p]++;
		}
	}

	/**
	 * @param confusion confusion matrix {@code [truth][prediction]}
	 * @return Dice of every class 0..C-1 (index = class)
	 */
	public static double[] perClass(final long[][] confusion) {
		final int c = checkSquare(confusion);
		final double[] d = new double[c];
		for (int k = 0; k < c; k++)
			d[k] = dice(confusion[k][k], predicted(confusion, k), truth(confusion, k));
		return d;
	}

	/**
	 * @param confusion confusion matrix {@code [truth][prediction]}
	 * @return the mean Dice of the foreground classes 1..C-1 (NaN if C &lt; 2)
	 */
	public static double meanForeground(final long[][] confusion) {
		final double[] d = perClass(confusion);
		if (d.length < 2) return Double.NaN;
		double sum = 0;
		for (int k = 1; k < d.length; k++)
			sum += d[k];
		return sum / (d.length - 1);
	}

	/**
	 * Mean foreground Dice of a batch of 2D label slices: the counts are pooled
	 * over the whole batch per class (so for the slices of one volume this is the
	 * Dice of the volume), then the Dice of classes 1..C-1 averaged.
	 *
	 * @param predictions predicted label slices, each flat
	 * @param truths true label slices, each the length of its prediction
	 * @param numClasses C, including background 0
	 * @return the mean foreground Dice
	 */
	public static double meanForegroundDice(final int[][] predictions, final int[][] truths, final int numClasses) {
		if (predictions.length != truths.length) {
			throw new IllegalArgumentException(predictions.length + " predictions but " + truths.length + " truths");
		}
		if (numClasses < 2) throw new IllegalArgumentException("numClasses must be at least 2, was " + numClasses);
		final long[][] m = new long[numClasses][numClasses];
		for (int b = 0; b < predictions.length; b++)
			accumulate(m, predictions[b], truths[b]);
		return meanForeground(m);
	}

	/** @return |P| of class k */
	static long predicted(final long[][] confusion, final int k) {
		long s = 0;
		for (final long[] row : confusion)
			s += row[k];
		return s;
	}

	/** @return |G| of class k */
	static long truth(final long[][] confusion, final int k) {
		long s = 0;
		for (final long v : confusion[k])
			s += v;
		return s;
	}

	private static int checkSquare(final long[][] confusion) {
		final int c = confusion.length;
		for (final long[] row : confusion) {
			if (row.length != c) throw new IllegalArgumentException("confusion matrix must be square, C=" + c);
		}
		return c;
	}
}
