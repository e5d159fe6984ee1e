package sc.fiji.cmems.engine.method;

import java.util.Arrays;

/**
 * The settings of Semi-CML (METHODS.md), named {@code semicml.<field>}.
 * The original counts in epochs of 81; here every point of the schedule is a
 * fraction of the run's iterations (epoch 51 of 81 is 0.63).
 */
public final class SemiCmlSettings implements MethodSettings {

	/** Adam's learning rate (the run's {@code learningRate} is SGD's and is not used). */
	public double learningRate = 0.006;
	/** Adam's L2 weight decay. */
	public double adamWeightDecay = 4e-4;
	/** Linear warm-up of the learning rate, as a fraction of the run. */
	public double warmupFraction = 0.1;
	/** Where the learning rate is multiplied by {@link #decayFactor}, as fractions of the run. */
	public double[] decayAt = { 0.15, 0.35, 0.55, 0.70 };
	public double decayFactor = 0.1;
	/**
	 * With images of two channels (modalities), network k reads channel k alone, as the original does (and either
	 * network segments from its modality alone); false: both read both. With one channel the networks take two views.
	 */
	public boolean perModality = true;
	/** Synthetic copy-paste samples in the labeled batch (else exemplar copies), as CMEMS has them. */
	public boolean syntheticSamples = true;
	/** Weights of the cross-entropy and the Dice loss in the supervised loss (and in stage 2's against the teacher). */
	public double ceWeight = 10, diceWeight = 7;
	/** The area-similarity contrastive loss between the networks in stage 1 (false: the ablation without ASC). */
	public boolean asc = true;
	public double ascWeight = 3.5;
	/** Ramp-up length of the networks' mean-squared consistency, as a fraction of the run (200 epochs over 81: never full). */
	public double consistencyRampUp = 200.0 / 81;
	/** Stage 2, pseudo-label re-learning from the best-model average (false: the ablation without PReL; stage 1 runs to the end). */
	public boolean prel = true;
	/** Where stage 2 starts, as a fraction of the run. */
	public double prelStart = 51.0 / 81;
	/** Where the best-model average's pool of validation scores opens, as a fraction of the run. */
	public double averageStart = 10.0 / 81;
	/** Where network 2 is copied into the best-model average, as a fraction of the run. */
	public double averageCopy = 17.0 / 81;
	/** How many best validation scores the pool keeps. */
	public int averagePool = 6;
	/**
	 * The best-model average moves when a validation beats the pool (the original, which validates every epoch);
	 * false, or a run without validation: it is an EMA of network 2 every iteration, momentum {@link #averageMomentum}.
	 */
	public boolean averageByValidation = true;
	/** The highest momentum of a best-model-average update (and the momentum of its per-iteration EMA when the run does not validate). */
	public double averageMomentum = 0.99;
	/** Forward passes of the best-model average (dropout on) whose mean is the soft teacher. */
	public int teacherPasses = 4;
	/** The teacher's input noise: {@code clamp(N(0, 1) * noise, 0, noiseMax)}. */
	public double teacherNoise = 0.1, teacherNoiseMax = 0.2;
	/** Stage 2's weight of ASC against the teacher, per network (the rest goes to CE + Dice). */
	public double[] prelAscWeights = { 0.01, 0.2 };
	/** Where network 2's stage-2 loss switches on, as a fraction of the run. */
	public double secondNetworkStart = 75.0 / 81;

	@Override
	public void check() {
		positive("learningRate", learningRate);
		atLeastZero("adamWeightDecay", adamWeightDecay);
		fraction("warmupFraction", warmupFraction);
		if (decayAt == null) throw new IllegalArgumentException("semicml.decayAt must be a list of fractions, was null");
		for (final double d : decayAt) if (!(d >= 0 && d <= 1)) throw new IllegalArgumentException("semicml.decayAt must be fractions in [0, 1], was " + Arrays.toString(decayAt));
		if (!(decayFactor > 0 && decayFactor <= 1)) throw new IllegalArgumentException("semicml.decayFactor must be in (0, 1], was " + decayFactor);
		atLeastZero("ceWeight", ceWeight);
		atLeastZero("diceWeight", diceWeight);
		atLeastZero("ascWeight", ascWeight);
		atLeastZero("consistencyRampUp", consistencyRampUp);
		fraction("prelStart", prelStart);
		fraction("averageStart", averageStart);
		fraction("averageCopy", averageCopy);
		if (averagePool < 1) throw new IllegalArgumentException("semicml.averagePool must be >= 1, was " + averagePool);
		if (!(averageMomentum >= 0 && averageMomentum < 1)) throw new IllegalArgumentException("semicml.averageMomentum must be in [0, 1), was " + averageMomentum);
		if (teacherPasses < 1) throw new IllegalArgumentException("semicml.teacherPasses must be >= 1, was " + teacherPasses);
		atLeastZero("teacherNoise", teacherNoise);
		atLeastZero("teacherNoiseMax", teacherNoiseMax);
		if (prelAscWeights == null || prelAscWeights.length != 2 || !(prelAscWeights[0] >= 0 && prelAscWeights[0] <= 1 && prelAscWeights[1] >= 0 && prelAscWeights[1] <= 1))
			throw new IllegalArgumentException("semicml.prelAscWeights must be two values in [0, 1], was " + Arrays.toString(prelAscWeights));
		fraction("secondNetworkStart", secondNetworkStart);
	}

	private static void positive(final String name, final double v) {
		if (!(v > 0)) throw new IllegalArgumentException("semicml." + name + " must be > 0, was " + v);
	}

	private static void atLeastZero(final String name, final double v) {
		if (!(v >= 0)) throw new IllegalArgumentException("semicml." + name + " must be >= 0, was " + v);
	}

	private static void fraction(final String name, final double v) {
		if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("semicml." + name + " must be a fraction of the run in [0, 1], was " + v);
	}
}
