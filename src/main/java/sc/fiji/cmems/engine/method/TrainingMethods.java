package sc.fiji.cmems.engine.method;

import java.util.Arrays;
import java.util.List;

/** The training methods by name: where a new method is registered. */
public final class TrainingMethods {

	/** Exemplar only, one network: the baseline. */
	public static final String SUPERVISED = "supervised";
	/** Exemplar + synthetic copy-paste samples, one network. */
	public static final String SUPERVISED_SYNTHETIC = "supervised-synthetic";
	/** All labeled images of a labeled pool, one network: the upper bound of the benchmark. */
	public static final String FULLY_SUPERVISED = "fully-supervised";
	/** Cross-model mutual learning (with its ablation switches in {@link CmemsSettings}). */
	public static final String CMEMS = "cmems";

	private TrainingMethods() {}

	/** @return the names of all methods */
	public static List<String> names() {
		return Arrays.asList(SUPERVISED, SUPERVISED_SYNTHETIC, CMEMS, FULLY_SUPERVISED);
	}

	/**
	 * @param name one of {@link #names()}
	 * @param cmems settings of CMEMS (ignored by the others)
	 * @param classes number of classes
	 */
	public static TrainingMethod create(final String name, final CmemsSettings cmems, final int exemplarBatch,
		final int syntheticBatch, final int unlabeledBatch, final int classes)
	{
		if (SUPERVISED.equals(name)) return new SupervisedMethod(SupervisedMethod.Source.EXEMPLAR, exemplarBatch, syntheticBatch);
		if (SUPERVISED_SYNTHETIC.equals(name)) return new SupervisedMethod(SupervisedMethod.Source.EXEMPLAR_AND_SYNTHETIC, exemplarBatch, syntheticBatch);
		if (FULLY_SUPERVISED.equals(name)) return new SupervisedMethod(SupervisedMethod.Source.LABELED_POOL, exemplarBatch, syntheticBatch);
		if (CMEMS.equals(name)) return new CmemsMethod(cmems, exemplarBatch, syntheticBatch, unlabeledBatch, classes);
		throw new IllegalArgumentException("method must be one of " + names() + ", was '" + name + "'");
	}
}
