package sc.fiji.cmems.engine.method;

import sc.fiji.cmems.engine.loss.UnlabeledLoss;

/**
 * The settings of CMEMS proper (CMEMS.md, "Losses" and the ablation switches).
 * The batch sizes, schedule and augmentation are shared settings of the run.
 */
public final class CmemsSettings implements MethodSettings {

	/** How pseudo-labels are filtered by confidence. */
	public enum ThresholdMode {
		/** One threshold {@link CmemsSettings#threshold} for every class. */
		FIXED,
		/**
		 * Per class {@code min(threshold, max(floor, m_c))}, where {@code m_c} is
		 * a running mean of the teacher's confidence on pixels it assigns to
		 * class {@code c}: foreground classes, on which a young network is rarely
		 * very confident, are not starved of pseudo-labels.
		 */
		CLASSWISE
	}

	/** Synthetic copy-paste samples in the labeled batch (else exemplar copies). */
	public boolean synthetic = true;
	/** Cross-model image-perturbation loss on strong views. */
	public boolean imagePerturbation = true;
	/** Cross-model multi-level feature-perturbation loss of the auxiliary heads. */
	public boolean featurePerturbation = true;
	/** Two networks teaching each other; false = one network teaching itself (self-training). */
	public boolean crossModel = true;

	/** Confidence threshold tau. */
	public double threshold = 0.95;
	/**
	 * FIXED, the paper's single tau, by default: on ACDC (RESULTS.md, one
	 * exemplar, 800 iterations at 64x64) it reached mean Dice 0.615 against
	 * 0.424 with CLASSWISE, whose lower foreground thresholds let the right
	 * ventricle's pseudo-labels drift onto liver and stomach.
	 */
	public ThresholdMode thresholdMode = ThresholdMode.FIXED;
	/** Lowest class-wise threshold. */
	public double thresholdFloor = 0.7;
	/** Momentum of the running class confidences of {@link ThresholdMode#CLASSWISE}. */
	public double thresholdMomentum = 0.99;
	public UnlabeledLoss unlabeledLoss = UnlabeledLoss.CE_DICE;

	/** Largest weight of the unlabeled losses. */
	public double unlabeledWeight = 1.0;
	/** Ramp-up length as a fraction of the iterations ({@code w(t) = exp(-5 (1 - t/T)^2)}); 0 = constant weight. */
	public double rampUp = 0.4;
	/** Supervised-only iterations before the unlabeled losses start. */
	public int warmup = 0;
	/**
	 * The unlabeled losses start only once a running mean of the supervised
	 * soft Dice of the first network reaches this value (0 = no gate); the
	 * ramp-up then starts from there.
	 */
	public double fitGate = 0;

	@Override
	public void check() {
		if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("cmems.threshold must be in [0, 1], was " + threshold);
		if (!(thresholdFloor >= 0 && thresholdFloor <= 1)) throw new IllegalArgumentException("cmems.thresholdFloor must be in [0, 1], was " + thresholdFloor);
		if (!(thresholdMomentum >= 0 && thresholdMomentum < 1)) throw new IllegalArgumentException("cmems.thresholdMomentum must be in [0, 1), was " + thresholdMomentum);
		if (thresholdMode == null) throw new IllegalArgumentException("cmems.thresholdMode must be FIXED or CLASSWISE");
		if (unlabeledLoss == null) throw new IllegalArgumentException("cmems.unlabeledLoss must be CE, DICE or CE_DICE");
		if (!(unlabeledWeight >= 0)) throw new IllegalArgumentException("cmems.unlabeledWeight must be >= 0, was " + unlabeledWeight);
		if (!(rampUp >= 0 && rampUp <= 1)) throw new IllegalArgumentException("cmems.rampUp must be in [0, 1], was " + rampUp);
		if (warmup < 0) throw new IllegalArgumentException("cmems.warmup must be >= 0, was " + warmup);
		if (!(fitGate >= 0 && fitGate <= 1)) throw new IllegalArgumentException("cmems.fitGate must be in [0, 1], was " + fitGate);
	}
}
