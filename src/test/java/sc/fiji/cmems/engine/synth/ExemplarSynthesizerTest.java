package sc.fiji.cmems.engine.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.data.Normalization;
import sc.fiji.cmems.engine.data.TrainingData;
import sc.fiji.cmems.engine.data.TrainingInputs;

/** Copy-paste samples: labels known only where they are, aligned with the pasted anatomy, intensities matched. */
class ExemplarSynthesizerTest {

	private static final int S = 48;

	/**
	 * The exemplar: bright disc (3) in a dark ring (2) with a bright crescent (1);
	 * the unlabeled background: another such image, or (bright) a flat 0.9 plus noise.
	 */
	private static TrainingData data(final NDManager m, final boolean bright) {
		final ToyData.Sample ex = ToyData.sample(4, S, S);
		final List<ImageInput> unlabeled = new ArrayList<>();
		if (bright) {
			final float[] flat = new float[S * S];
			final java.util.Random r = new java.util.Random(1);
			for (int i = 0; i < flat.length; i++) flat[i] = (float) (0.9 + 0.05 * r.nextGaussian());
			unlabeled.add(ImageInput.of("bright", ArrayImgs.floats(flat, S, S)));
		}
		else unlabeled.add(ImageInput.of("other", ToyData.sample(9, S, S).image));
		final Normalization none = new Normalization();
		none.mode = Normalization.Mode.NONE;
		return TrainingData.prepare(new TrainingInputs(ImageInput.labeled("ex", ex.image, ex.labels), unlabeled, new ArrayList<>()), 0, null, S, none, m);
	}

	@Test
	void pastingIntoTheExemplarKeepsEveryLabelKnownButTheSeam() {
		final SynthesisSettings s = new SynthesisSettings();
		s.exemplarBackground = 1;
		try (NDManager m = Tensors.manager(); TrainingData d = data(m, false)) {
			final LabeledBatch b = new ExemplarSynthesizer(s, d.exemplarImage(), d.exemplarLabels(), d.exemplarLabelArrays()).generate(m, new SplittableRandom(3), 6, d.pool());
			final float[] w = b.weights().toFloatArray();
			int unknown = 0;
			for (final float v : w) if (v == 0) unknown++;
			assertTrue(unknown > 0 && unknown < w.length * 0.25, "only the feathered seam is unknown: " + unknown + " of " + w.length);
			final long[] labels = b.labels().toLongArray();
			for (int c = 0; c < 4; c++) assertTrue(count(labels, c) > 0, "class " + c + " present");
		}
	}

	@Test
	void pastingIntoAnUnlabeledImageLeavesItsOwnContentUnknown() {
		final SynthesisSettings s = new SynthesisSettings();
		s.exemplarBackground = 0;
		s.elasticProbability = 0;
		try (NDManager m = Tensors.manager(); TrainingData d = data(m, false)) {
			final int n = 6;
			final LabeledBatch b = new ExemplarSynthesizer(s, d.exemplarImage(), d.exemplarLabels(), d.exemplarLabelArrays()).generate(m, new SplittableRandom(5), n, d.pool());
			final float[] w = b.weights().toFloatArray();
			final long[] labels = b.labels().toLongArray();
			final float[] img = b.images().toFloatArray();
			final int[] exLabels = d.exemplarLabelArrays()[0];
			final long exForeground = S * S - count(exLabels, 0);
			for (int k = 0; k < n; k++) {
				long known = 0, foreground = 0;
				double lv = 0, myo = 0;
				int nLv = 0, nMyo = 0;
				for (int i = k * S * S; i < (k + 1) * S * S; i++) {
					if (w[i] > 0) known++;
					if (labels[i] > 0) foreground++;
					if (w[i] > 0 && labels[i] == 3) { lv += img[i]; nLv++; }
					if (w[i] > 0 && labels[i] == 2) { myo += img[i]; nMyo++; }
				}
				// known = the pasted anatomy and its margin, far less than the image
				assertTrue(known > exForeground * 0.5 && known < S * S * 0.6, "sample " + k + ": known " + known);
				// the pasted foreground keeps its size up to the random scale (0.8..1.2 linear)
				assertTrue(foreground > exForeground * 0.55 && foreground < exForeground * 1.6, "sample " + k + ": foreground " + foreground + " vs " + exForeground);
				// aligned: the bright pool and dark ring of the exemplar stay bright and dark where they are labeled so
				assertTrue(nLv > 0 && nMyo > 0 && lv / nLv > myo / nMyo + 0.1, "sample " + k + ": LV " + lv / nLv + " Myo " + myo / nMyo);
			}
		}
	}

	@Test
	void harmonisationMovesThePasteTowardsTheBackgroundIntensity() {
		final SynthesisSettings on = new SynthesisSettings(), off = new SynthesisSettings();
		on.exemplarBackground = off.exemplarBackground = 0;
		off.harmonize = false;
		try (NDManager m = Tensors.manager(); TrainingData d = data(m, true)) {
			final double withHarmonisation = pastedMean(new ExemplarSynthesizer(on, d.exemplarImage(), d.exemplarLabels(), d.exemplarLabelArrays()).generate(m, new SplittableRandom(7), 4, d.pool()));
			final double without = pastedMean(new ExemplarSynthesizer(off, d.exemplarImage(), d.exemplarLabels(), d.exemplarLabelArrays()).generate(m, new SplittableRandom(7), 4, d.pool()));
			assertTrue(withHarmonisation > without + 0.1, "towards the bright background: " + withHarmonisation + " vs " + without);
		}
	}

	private static double pastedMean(final LabeledBatch b) {
		final float[] img = b.images().toFloatArray(), w = b.weights().toFloatArray();
		double sum = 0;
		int n = 0;
		for (int i = 0; i < img.length; i++) if (w[i] > 0) { sum += img[i]; n++; }
		return sum / n;
	}

	private static long count(final long[] v, final int c) {
		long n = 0;
		for (final long x : v) if (x == c) n++;
		return n;
	}

	private static long count(final int[] v, final int c) {
		long n = 0;
		for (final int x : v) if (x == c) n++;
		return n;
	}
}
