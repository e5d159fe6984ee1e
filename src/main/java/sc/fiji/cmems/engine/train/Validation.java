package sc.fiji.cmems.engine.train;

import java.util.List;

import sc.fiji.cmems.engine.data.Normalization;
import sc.fiji.cmems.engine.data.TrainingData;
import sc.fiji.cmems.engine.data.ValidationCase;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.metrics.Dice;
import sc.fiji.cmems.engine.net.SegmentationNetwork;

/**
 * Validation during training: every validation image is segmented exactly as
 * a user's image would be (all networks, slice by slice, back to the native
 * grid), and the Dice of each foreground class is computed per image (pooled
 * over its slices, i.e. in 3D) and averaged over images.
 */
final class Validation {

	static final class Result {

		final double meanDice;
		final double[] classDice;

		Result(final double meanDice, final double[] classDice) {
			this.meanDice = meanDice;
			this.classDice = classDice;
		}
	}

	private Validation() {}

	/** @param inputs per network, the 0-based channels it reads (null entries: all) */
	static Result evaluate(final List<SegmentationNetwork> networks, final int[][] inputs, final TrainingData data, final Normalization normalization) {
		final Segmenter segmenter = new Segmenter(networks, data.classes(), data.size(), normalization, data.manager(), data.channels(), inputs);
		final int classes = data.classes();
		final double[] classSum = new double[classes - 1];
		for (final ValidationCase v : data.validation()) {
			final int[][] predicted = segmenter.segmentSlices(v.slices(), v.width(), v.height());
			final long[][] confusion = new long[classes][classes];
			for (int z = 0; z < predicted.length; z++) Dice.accumulate(confusion, predicted[z], v.labels()[z]);
			final double[] perClass = Dice.perClass(confusion);
			for (int c = 1; c < classes; c++) classSum[c - 1] += perClass[c];
		}
		double mean = 0;
		for (int c = 0; c < classSum.length; c++) {
			classSum[c] /= data.validation().size();
			mean += classSum[c];
		}
		return new Result(mean / classSum.length, classSum);
	}
}
