package sc.fiji.cmems.engine.method;

/**
 * The settings of CAML (METHODS.md), named {@code caml.<field>}. It trains with the run's optimiser and schedule (SGD
 * with momentum, poly decay); the original's constant rate is not used. The original counts its ramps in blocks of 150
 * of its 15 000 iterations; here they are fractions of the run.
 */
public final class CamlSettings implements MethodSettings {

	/** Weight of the supervised soft Dice (summed over the two networks). */
	public double supervisedWeight = 0.5;
	/** Highest weight of the mutual consistency against the other network's sharpened maps. */
	public double consistencyWeight = 1.0;
	/** Highest weight of the omni-correlation consistency. */
	public double occWeight = 0.05;
	/** Length of the sigmoid ramp of both weights, as a fraction of the run (40 blocks of 150 iterations of 15 000: 0.4). */
	public double rampUp = 0.4;
	/** The ramps move in steps of this fraction of the run (150 of 15 000 iterations: 0.01). */
	public double rampStep = 0.01;
	/** Sharpening temperature of the consistency targets. */
	public double sharpenTemperature = 0.1;
	/** Whether the sharpened targets are constants (the original lets gradients through them: false). */
	public boolean detachSharpened = false;
	/** The omni-correlation consistency (false: the ablation without OCC). */
	public boolean occ = true;
	/** Cross-sample mutual attention in the second network (false: the ablation without CMA). */
	public boolean attention = true;
	/** The attention layers' heads and dropout (their feed-forward width is 4 times the 1/8-level channels). */
	public int attentionHeads = 4;
	public double attentionDropout = 0.5;
	/** Width of the pixel embeddings of the projection and prediction heads. */
	public int embeddingWidth = 32;
	/** Dropout on the last decoder features before the heads. */
	public double embeddingDropout = 0.5;
	/** Labeled embeddings drawn from the memory bank per class (a class with fewer stored takes no part). */
	public int memoryPerClass = 256;
	/** At most this many unlabeled pixels per class, the most confident of those both networks agree on. */
	public int unlabeledPerClass = 12800;
	/** Temperature of the correlation softmax. */
	public double correlationTemperature = 0.1;
	/** Synthetic copy-paste samples in the labeled batch (else exemplar copies only), as CMEMS has them. */
	public boolean syntheticSamples = true;
	/** Segment with the mean of both networks; false: with the first network alone, as the original does. */
	public boolean inferenceBoth = false;

	@Override
	public void check() {
		atLeastZero("supervisedWeight", supervisedWeight);
		atLeastZero("consistencyWeight", consistencyWeight);
		atLeastZero("occWeight", occWeight);
		fraction("rampUp", rampUp);
		if (!(rampStep > 0 && rampStep <= 1)) throw new IllegalArgumentException("caml.rampStep must be in (0, 1], was " + rampStep);
		if (!(sharpenTemperature > 0 && sharpenTemperature <= 1)) throw new IllegalArgumentException("caml.sharpenTemperature must be in (0, 1], was " + sharpenTemperature);
		if (attentionHeads < 1) throw new IllegalArgumentException("caml.attentionHeads must be >= 1, was " + attentionHeads);
		if (!(attentionDropout >= 0 && attentionDropout < 1)) throw new IllegalArgumentException("caml.attentionDropout must be in [0, 1), was " + attentionDropout);
		if (embeddingWidth < 1 || embeddingWidth > 1024) throw new IllegalArgumentException("caml.embeddingWidth must be 1 to 1024, was " + embeddingWidth);
		if (!(embeddingDropout >= 0 && embeddingDropout < 1)) throw new IllegalArgumentException("caml.embeddingDropout must be in [0, 1), was " + embeddingDropout);
		if (memoryPerClass < 2) throw new IllegalArgumentException("caml.memoryPerClass must be >= 2, was " + memoryPerClass);
		if (unlabeledPerClass < 2) throw new IllegalArgumentException("caml.unlabeledPerClass must be >= 2, was " + unlabeledPerClass);
		if (!(correlationTemperature > 0)) throw new IllegalArgumentException("caml.correlationTemperature must be > 0, was " + correlationTemperature);
	}

	private static void atLeastZero(final String name, final double v) {
		if (!(v >= 0)) throw new IllegalArgumentException("caml." + name + " must be >= 0, was " + v);
	}

	private static void fraction(final String name, final double v) {
		if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("caml." + name + " must be a fraction of the run in [0, 1], was " + v);
	}
}
