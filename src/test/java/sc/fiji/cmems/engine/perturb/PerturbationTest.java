package sc.fiji.cmems.engine.perturb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.loss.PseudoLabels;
import sc.fiji.cmems.engine.tensor.Warp;

/** Weak (geometric), strong (photometric) and CutMix perturbations. */
class PerturbationTest {

	private static final int S = 32;
	private NDManager m;

	@BeforeEach
	void open() {
		m = Tensors.manager();
	}

	@AfterEach
	void close() {
		m.close();
	}

	/** Labels 0..3 in quadrant-like blobs; the image is 0.25 * label, so image and labels can be compared pixel by pixel. */
	private static float[] labelPattern(final int batch) {
		final float[] l = new float[batch * S * S];
		for (int b = 0; b < batch; b++)
			for (int y = 0; y < S; y++)
				for (int x = 0; x < S; x++)
					l[b * S * S + y * S + x] = (x < 10 + b ? 1 : 0) + (y > 20 ? 2 : 0) + ((x - 16) * (x - 16) + (y - 12) * (y - 12) < 20 ? 1 : 0);
		return l;
	}

	@Test
	void rot90AndFlipsMoveImageAndLabelsExactlyTogether() {
		final AugmentationSettings s = new AugmentationSettings();
		s.rotFlipProbability = 1;
		s.rotateProbability = 0;
		final int batch = 16;
		final float[] labels = labelPattern(batch);
		final NDArray l = m.create(labels, new Shape(batch, 1, S, S));
		final NDArray image = l.mul(0.25f);
		final float[][] matrices = new WeakAugmentation(s).drawMatrices(new SplittableRandom(3), batch, S);
		final float[] warpedImage = Warp.apply(image, matrices, null, Warp.Interpolation.BILINEAR, 0f).toFloatArray();
		final float[] warpedLabels = Warp.apply(l, matrices, null, Warp.Interpolation.NEAREST, 0f).toFloatArray();
		for (int i = 0; i < warpedImage.length; i++) assertEquals(0.25f * warpedLabels[i], warpedImage[i], 0f, "pixel " + i);
		// a permutation of pixels: every sample keeps its label histogram
		for (int b = 0; b < batch; b++) {
			final int[] before = new int[4], after = new int[4];
			for (int i = 0; i < S * S; i++) {
				before[(int) labels[b * S * S + i]]++;
				after[(int) warpedLabels[b * S * S + i]]++;
			}
			assertArrayEquals(before, after, "sample " + b);
		}
		assertNotEquals(java.util.Arrays.toString(labels), java.util.Arrays.toString(warpedLabels), "something was rotated or flipped");
	}

	@Test
	void rot90MatchesAnExplicitRotation() {
		// matrix of a rotation by 90 degrees about the centre: src = R (p - c) + c
		final float c = (S - 1) / 2f;
		final float[][] m90 = { { 0, -1, 2 * c, 1, 0, 0 } };
		final float[] labels = labelPattern(1);
		final float[] out = Warp.apply(m.create(labels, new Shape(1, 1, S, S)), m90, null, Warp.Interpolation.NEAREST, -1f).toFloatArray();
		for (int y = 0; y < S; y++)
			for (int x = 0; x < S; x++) {
				final int sx = S - 1 - y, sy = x; // src = (2c - y, x)
				assertEquals(labels[sy * S + sx], out[y * S + x], 0f);
			}
	}

	@Test
	void smallRotationsKeepImageAndLabelsAligned() {
		final AugmentationSettings s = new AugmentationSettings();
		s.rotFlipProbability = 0;
		s.rotateProbability = 1;
		final int batch = 8;
		final NDArray l = m.create(labelPattern(batch), new Shape(batch, 1, S, S));
		final float[][] matrices = new WeakAugmentation(s).drawMatrices(new SplittableRandom(5), batch, S);
		final float[] img = Warp.apply(l.mul(0.25f), matrices, null, Warp.Interpolation.BILINEAR, 0f).toFloatArray();
		final float[] lab = Warp.apply(l, matrices, null, Warp.Interpolation.NEAREST, 0f).toFloatArray();
		// where the bilinear image is (nearly) a pure label value, nearest labels give that same value
		int checked = 0, agree = 0;
		for (int i = 0; i < img.length; i++) {
			final float v = img[i] / 0.25f;
			if (Math.abs(v - Math.round(v)) < 1e-4) {
				checked++;
				if (Math.round(v) == Math.round(lab[i])) agree++;
			}
		}
		assertTrue(checked > img.length / 2, "most pixels lie inside regions: " + checked);
		assertEquals(checked, agree, "labels follow the image");
	}

	@Test
	void photometricPerturbationKeepsEveryPixelInPlace() {
		final AugmentationSettings s = new AugmentationSettings();
		s.jitterProbability = 1;
		s.blurProbability = 0;
		final int batch = 8;
		final float[] labels = labelPattern(batch);
		final NDArray image = m.create(labels, new Shape(batch, 1, S, S)).mul(0.2f).add(0.1f);
		final float[] out = new StrongAugmentation(s).apply(image, new SplittableRandom(9)).toFloatArray();
		// per sample the intensity map is monotonic (brightness x contrast about the mean, then clipped):
		// pixels of the same label keep equal values, and a higher label never becomes darker
		for (int b = 0; b < batch; b++) {
			final float[] byLabel = { Float.NaN, Float.NaN, Float.NaN, Float.NaN };
			for (int i = 0; i < S * S; i++) {
				final int k = (int) labels[b * S * S + i];
				final float v = out[b * S * S + i];
				if (Float.isNaN(byLabel[k])) byLabel[k] = v;
				assertEquals(byLabel[k], v, 1e-6f, "sample " + b + " label " + k);
			}
			for (int k = 1; k < 4; k++) if (!Float.isNaN(byLabel[k]) && !Float.isNaN(byLabel[k - 1])) assertTrue(byLabel[k] >= byLabel[k - 1]);
		}
		assertTrue(Tensors.maxDifference(out, image.toFloatArray()) > 0.01f, "intensities changed");
	}

	@Test
	void blurIsCentredAndKeepsFlatRegionsFlat() {
		final AugmentationSettings s = new AugmentationSettings();
		s.jitterProbability = 0;
		s.blurProbability = 1;
		final float[] img = new float[S * S];
		img[16 * S + 16] = 1f;
		final float[] impulse = new StrongAugmentation(s).apply(m.create(img, new Shape(1, 1, S, S)), new SplittableRandom(2)).toFloatArray();
		double sum = 0, cx = 0, cy = 0;
		for (int i = 0; i < impulse.length; i++) {
			sum += impulse[i];
			cx += impulse[i] * (i % S);
			cy += impulse[i] * (i / S);
		}
		assertEquals(16, cx / sum, 1e-4);
		assertEquals(16, cy / sum, 1e-4);
		final float[] flat = new StrongAugmentation(s).apply(m.full(new Shape(1, 1, S, S), 0.5f), new SplittableRandom(2)).toFloatArray();
		for (final float v : flat) assertEquals(0.5f, v, 1e-5f, "normalised borders keep a flat image flat");
	}

	@Test
	void cutMixMixesImagesPseudoLabelsAndConfidencesConsistently() {
		final AugmentationSettings s = new AugmentationSettings();
		s.cutMixProbability = 1;
		final int batch = 6;
		// sample b is constant b in the image, label b, confidence b / 10
		final float[] img = new float[batch * S * S];
		for (int i = 0; i < img.length; i++) img[i] = i / (S * S);
		final NDArray images = m.create(img, new Shape(batch, 1, S, S));
		final PseudoLabels pl = new PseudoLabels(images.squeeze(1).toType(DataType.INT64, false), images.squeeze(1).div(10f));
		final CutMix cutMix = CutMix.draw(s, new SplittableRandom(11), batch, S, m);
		final float[] mixedImages = cutMix.mixImages(images).toFloatArray();
		final PseudoLabels mixed = pl.mixed(cutMix);
		final long[] mixedLabels = mixed.labels().toLongArray();
		final float[] mixedConfidence = mixed.confidence().toFloatArray();
		final float[] box = cutMix.box().toFloatArray();
		int pasted = 0;
		for (int i = 0; i < mixedImages.length; i++) {
			final int b = i / (S * S);
			assertEquals(mixedImages[i], mixedLabels[i], 0f, "label comes from the same image as the pixel");
			assertEquals(mixedImages[i] / 10f, mixedConfidence[i], 1e-6f, "confidence too");
			if (box[i] > 0) {
				pasted++;
				assertNotEquals(b, (int) mixedImages[i], "inside the box the pixel comes from another image");
			}
			else assertEquals(b, (int) mixedImages[i]);
		}
		final double fraction = pasted / (double) mixedImages.length;
		assertTrue(fraction >= 0.02 && fraction <= 0.4, "pasted fraction " + fraction);
	}
}
