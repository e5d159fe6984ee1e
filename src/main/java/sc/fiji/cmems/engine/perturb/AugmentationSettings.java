package sc.fiji.cmems.engine.perturb;

/** Weak and strong image perturbations (CMEMS.md, "Perturbations"). */
public final class AugmentationSettings {

	/** Weak: probability of a random rot90 + flip. */
	public double rotFlipProbability = 0.5;
	/** Weak: probability of a small rotation (drawn when no rot90 + flip was). */
	public double rotateProbability = 0.25;
	/** Weak: largest small-rotation angle in degrees. */
	public double maxRotationDegrees = 20;

	/**
	 * Labeled samples: probability of a structure contraction ({@link StructureContraction}): one structure, chosen at
	 * random, shrinks by a factor drawn from {@link #contractionRange} and the ring around it stretches. 0: none.
	 */
	public double contractionProbability = 0;
	public double[] contractionRange = { 0.6, 1.0 };
	/** How far out, in radii of the structure, the ring around it stretches. */
	public double contractionReach = 2.5;

	/** Strong: probability of brightness/contrast jitter. */
	public double jitterProbability = 0.8;
	/** Strong: jitter strength s; brightness and contrast factors are drawn from U(1 - s, 1 + s). */
	public double jitterStrength = 0.5;
	/** Strong: probability of a Gaussian blur. */
	public double blurProbability = 0.5;
	/** Strong: blur sigma range in pixels. */
	public double[] blurSigma = { 0.1, 2.0 };

	/** Strong: probability of pasting a box from another unlabeled image (CutMix). */
	public double cutMixProbability = 0.5;
	/** CutMix box area as a fraction of the image. */
	public double[] cutMixArea = { 0.02, 0.4 };
	/** CutMix box aspect ratio range. */
	public double[] cutMixAspect = { 0.3, 1 / 0.3 };

	/** @throws IllegalArgumentException naming the first bad setting */
	public void check() {
		probability("augmentation.rotFlipProbability", rotFlipProbability);
		probability("augmentation.rotateProbability", rotateProbability);
		if (rotFlipProbability + rotateProbability > 1 + 1e-9)
			throw new IllegalArgumentException("augmentation.rotFlipProbability + rotateProbability must be <= 1, was " + (rotFlipProbability + rotateProbability));
		if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 180)) throw new IllegalArgumentException("augmentation.maxRotationDegrees must be in [0, 180], was " + maxRotationDegrees);
		probability("augmentation.contractionProbability", contractionProbability);
		range("augmentation.contractionRange", contractionRange, 0.2, 1);
		if (!(contractionReach > 1 && contractionReach <= 10)) throw new IllegalArgumentException("augmentation.contractionReach must be in (1, 10], was " + contractionReach);
		probability("augmentation.jitterProbability", jitterProbability);
		if (!(jitterStrength >= 0 && jitterStrength < 1)) throw new IllegalArgumentException("augmentation.jitterStrength must be in [0, 1), was " + jitterStrength);
		probability("augmentation.blurProbability", blurProbability);
		range("augmentation.blurSigma", blurSigma, 0, 10);
		probability("augmentation.cutMixProbability", cutMixProbability);
		range("augmentation.cutMixArea", cutMixArea, 0, 1);
		range("augmentation.cutMixAspect", cutMixAspect, 1e-3, 1e3);
	}

	static void probability(final String name, final double p) {
		if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], was " + p);
	}

	static void range(final String name, final double[] r, final double min, final double max) {
		if (r == null || r.length != 2 || !(r[0] >= min && r[0] <= r[1] && r[1] <= max))
			throw new IllegalArgumentException(name + " must be two increasing values in [" + min + ", " + max + "], was " + java.util.Arrays.toString(r));
	}
}
