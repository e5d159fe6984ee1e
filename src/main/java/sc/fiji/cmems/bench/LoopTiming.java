package sc.fiji.cmems.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.train.IterationReport;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.train.TrainingListener;
import sc.fiji.cmems.engine.train.TrainingResult;
import sc.fiji.cmems.engine.train.TrainingSettings;

/**
 * Times whole iterations of the real training loop ({@link Trainer}): batch
 * drawing (augmentation, synthesis, CutMix), forward, losses, backward,
 * read-back, checks and optimiser steps. An iteration starts when the loop
 * asks whether to stop (right before the iteration) and ends when it reports
 * the iteration done, so set-up and the end of the run are not counted.
 */
final class LoopTiming {

	private LoopTiming() {}

	/**
	 * Trains {@code discard + count} iterations and returns the seconds of the
	 * last {@code count}.
	 */
	static List<Double> run(final TrainingSettings template, final TrainingInputs inputs, final int discard, final int count) throws IOException {
		final TrainingSettings s = template.copy();
		s.iterations = discard + count;
		final List<Double> seconds = new ArrayList<>();
		final long[] start = { 0 };
		final TrainingResult r = new Trainer(s).stopWhen(() -> {
			start[0] = System.nanoTime();
			return false;
		}).listener(new TrainingListener() {

			@Override
			public void iterationDone(final IterationReport report) {
				final double sec = (System.nanoTime() - start[0]) / 1e9;
				if (report.iteration() > discard) seconds.add(sec);
			}
		}).train(inputs);
		r.model().close();
		return seconds;
	}

	/** @return the training settings of a benchmark run of {@code method} */
	static TrainingSettings settings(final String method, final int size, final int exemplarCopies, final int synthetic, final int unlabeled,
		final String device, final long seed)
	{
		final TrainingSettings s = new TrainingSettings();
		s.method = method;
		s.imageSize = size;
		s.classes = BenchInputs.CLASSES;
		s.exemplarBatch = exemplarCopies;
		s.syntheticBatch = synthetic;
		s.unlabeledBatch = unlabeled;
		s.validateEvery = 0;
		s.checkpointEvery = 0;
		s.device = device;
		s.seed = seed;
		return s;
	}
}
