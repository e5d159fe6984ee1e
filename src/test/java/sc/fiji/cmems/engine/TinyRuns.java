package sc.fiji.cmems.engine;

import sc.fiji.cmems.engine.train.TrainingSettings;

/** Settings for training runs that finish in seconds on two CPU cores. */
public final class TinyRuns {

	private TinyRuns() {}

	/** @return {@code method} at 32x32 with batches of 2 + 2 labeled and 4 unlabeled */
	public static TrainingSettings settings(final String method, final int iterations) {
		final TrainingSettings s = new TrainingSettings();
		s.method = method;
		s.iterations = iterations;
		s.imageSize = 32;
		s.exemplarBatch = 2;
		s.syntheticBatch = 2;
		s.unlabeledBatch = 4;
		s.validateEvery = 0;
		s.checkpointEvery = 0;
		s.seed = 5;
		s.device = "cpu";
		return s;
	}
}
