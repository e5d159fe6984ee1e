package sc.fiji.cmems.engine.synth;

/** Copy-paste synthesis of labeled samples from the exemplar (CMEMS.md, "Synthetic data"). */
public final class SynthesisSettings {

	/** Probability that a sample pastes into the exemplar itself rather than into an unlabeled image. */
	public double exemplarBackground = 0.5;
	/** Largest rotation of the pasted foreground, degrees. */
	public double maxRotationDegrees = 20;
	/** Scale range of the pasted foreground. */
	public double[] scale = { 0.8, 1.2 };
	/** Largest shift of the pasted foreground, as a fraction of the image size. */
	public double maxShift = 0.1;
	/** Probability of a small elastic deformation of the pasted foreground. */
	public double elasticProbability = 0.5;
	/** Largest elastic displacement, as a fraction of the image size. */
	public double elasticAmplitude = 0.02;
	/** Margin of known background pasted around the foreground, as a fraction of the image size. */
	public double context = 0.03;
	/** Width (Gaussian sigma, pixels) of the feathered paste edge. */
	public double featherSigma = 1.0;
	/** Match the pasted intensities to the background image's mean and standard deviation. */
	public boolean harmonize = true;

	/** @throws IllegalArgumentException naming the first bad setting */
	public void check() {
		if (!(exemplarBackground >= 0 && exemplarBackground <= 1)) throw new IllegalArgumentException("synthesis.exemplarBackground must be in [0, 1], was " + exemplarBackground);
		if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 180)) throw new IllegalArgumentException("synthesis.maxRotationDegrees must be in [0, 180], was " + maxRotationDegrees);
		if (scale == null || scale.length != 2 || !(scale[0] > 0 && scale[0] <= scale[1])) throw new IllegalArgumentException("synthesis.scale must be two increasing positive values, was " + java.util.Arrays.toString(scale));
		if (!(maxShift >= 0 && maxShift <= 0.5)) throw new IllegalArgumentException("synthesis.maxShift must be in [0, 0.5], was " + maxShift);
		if (!(elasticProbability >= 0 && elasticProbability <= 1)) throw new IllegalArgumentException("synthesis.elasticProbability must be in [0, 1], was " + elasticProbability);
		if (!(elasticAmplitude >= 0 && elasticAmplitude <= 0.2)) throw new IllegalArgumentException("synthesis.elasticAmplitude must be in [0, 0.2], was " + elasticAmplitude);
		if (!(context >= 0 && context <= 0.25)) throw new IllegalArgumentException("synthesis.context must be in [0, 0.25], was " + context);
		if (!(featherSigma >= 0 && featherSigma <= 10)) throw new IllegalArgumentException("synthesis.featherSigma must be in [0, 10], was " + featherSigma);
	}
}
