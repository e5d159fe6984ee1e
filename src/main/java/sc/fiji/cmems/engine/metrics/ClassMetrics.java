package sc.fiji.cmems.engine.metrics;

import java.util.Locale;

/**
 * Metrics of one foreground class of one volume: Dice, HD95 and ASD (see
 * {@link SegmentationMetrics}), the voxel counts of prediction and ground
 * truth, and a {@link Status} that says whether either was empty.
 * <p>
 * Conventions for empty masks (which the evaluation must report, never drop):
 * <ul>
 * <li>{@link Status#EMPTY_PREDICTION} or {@link Status#EMPTY_TRUTH} (exactly one
 * side empty): Dice 0, HD95 and ASD NaN (undefined: there is no surface to
 * measure from or to).</li>
 * <li>{@link Status#BOTH_EMPTY}: Dice 1, HD95 0, ASD 0 (the prediction agrees
 * perfectly with the truth that the class is absent). medpy would give Dice 0
 * and raise for the distances; SSL4MIS's {@code calculate_metric_percase}
 * reports (0, 0) whenever the prediction is empty. Aggregations that want
 * either of those conventions can recompute them from {@link #status()}.</li>
 * </ul>
 */
public final class ClassMetrics {

	/** Which of prediction and truth held voxels of the class. */
	public enum Status {
		/** Both non-empty: all metrics defined. */
		OK,
		/** No predicted voxel of the class, but some in the truth. */
		EMPTY_PREDICTION,
		/** Predicted voxels of the class, but none in the truth. */
		EMPTY_TRUTH,
		/** The class is absent from both prediction and truth. */
		BOTH_EMPTY;

		/**
		 * @return the status for the given voxel counts
		 */
		public static Status of(final long predictedVoxels, final long truthVoxels) {
			if (predictedVoxels == 0) return truthVoxels == 0 ? BOTH_EMPTY : EMPTY_PREDICTION;
			return truthVoxels == 0 ? EMPTY_TRUTH : OK;
		}
	}

	private final int classIndex;
	private final double dice;
	private final double hd95;
	private final double asd;
	private final long predictedVoxels;
	private final long truthVoxels;
	private final long intersectionVoxels;
	private final Status status;

	/**
	 * @param classIndex the label value of the class
	 * @param dice Dice coefficient
	 * @param hd95 95th-percentile Hausdorff distance
	 * @param asd average surface distance, prediction to truth
	 * @param predictedVoxels |P|
	 * @param truthVoxels |G|
	 * @param intersectionVoxels |P ∩ G|
	 */
	public ClassMetrics(final int classIndex, final double dice, final double hd95, final double asd,
		final long predictedVoxels, final long truthVoxels, final long intersectionVoxels)
	{
		this.classIndex = classIndex;
		this.dice = dice;
		this.hd95 = hd95;
		this.asd = asd;
		this.predictedVoxels = predictedVoxels;
		this.truthVoxels = truthVoxels;
		this.intersectionVoxels = intersectionVoxels;
		this.status = Status.of(predictedVoxels, truthVoxels);
	}

	/** @return the label value of the class (1..C-1) */
	public int classIndex() {
		return classIndex;
	}

	/** @return {@code 2|P∩G| / (|P|+|G|)}; 1 when both are empty */
	public double dice() {
		return dice;
	}

	/** @return HD95 in spacing units; NaN when exactly one side is empty, 0 when both are */
	public double hd95() {
		return hd95;
	}

	/** @return ASD (prediction to truth) in spacing units; NaN when exactly one side is empty, 0 when both are */
	public double asd() {
		return asd;
	}

	/** @return |P|, the number of voxels predicted as this class */
	public long predictedVoxels() {
		return predictedVoxels;
	}

	/** @return |G|, the number of ground-truth voxels of this class */
	public long truthVoxels() {
		return truthVoxels;
	}

	/** @return |P ∩ G| */
	public long intersectionVoxels() {
		return intersectionVoxels;
	}

	/** @return which sides were empty */
	public Status status() {
		return status;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "class %d: dice=%.4f hd95=%.4f asd=%.4f |P|=%d |G|=%d |P∩G|=%d %s",
			classIndex, dice, hd95, asd, predictedVoxels, truthVoxels, intersectionVoxels, status);
	}
}
