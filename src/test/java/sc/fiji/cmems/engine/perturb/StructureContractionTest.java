package sc.fiji.cmems.engine.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.tensor.Warp;

/** A structure contracted by a known factor: its area, the ring around it, and the image far from it. */
class StructureContractionTest {

	private static final int SIZE = 64;

	/** A disc of radius 10 (class 1) inside a ring out to radius 14 (class 2), centred at (30, 34). */
	private static int[] heart() {
		final int[] labels = new int[SIZE * SIZE];
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++) {
				final double r = Math.hypot(x - 30, y - 34);
				labels[y * SIZE + x] = r <= 10 ? 1 : r <= 14 ? 2 : 0;
			}
		return labels;
	}

	private static int count(final float[] labels, final int c) {
		int n = 0;
		for (final float v : labels) if (Math.round(v) == c) n++;
		return n;
	}

	@Test
	void theChosenStructureShrinksByTheFactorAndItsRingThickens() {
		final AugmentationSettings s = new AugmentationSettings();
		s.contractionProbability = 1;
		s.contractionRange = new double[] { 0.6, 0.6 };
		final int[] labels = heart();
		final float[] asFloat = new float[labels.length];
		for (int i = 0; i < labels.length; i++) asFloat[i] = labels[i];
		try (NDManager m = Djl.engine().newBaseManager()) {
			// with two classes present, draw until the disc (class 1) is the one chosen: its centroid is the disc's centre
			int seed = 0;
			float[] out = null;
			while (out == null || count(out, 1) > 0.5 * count(asFloat, 1)) {
				final NDArray d = new StructureContraction(s).displacement(m, new SplittableRandom(seed++), labels, 1, SIZE, SIZE, 3);
				out = Warp.apply(m.create(asFloat, new Shape(1, 1, SIZE, SIZE)), new float[][] { { 1, 0, 0, 0, 1, 0 } }, d, Warp.Interpolation.NEAREST, 0f)
					.toFloatArray();
				assertTrue(seed < 50, "the disc was never chosen");
			}
			final double before = count(asFloat, 1), after = count(out, 1);
			assertEquals(0.36, after / before, 0.06, "area ratio of the contracted disc (0.6^2)");
			// the ring around it: thicker (radii of discs of the same areas), of about the same area
			final double wallBefore = Math.sqrt((before + count(asFloat, 2)) / Math.PI) - Math.sqrt(before / Math.PI);
			final double wallAfter = Math.sqrt((after + count(out, 2)) / Math.PI) - Math.sqrt(after / Math.PI);
			assertTrue(wallAfter > 1.15 * wallBefore, "the ring thickens: " + wallBefore + " -> " + wallAfter + " pixels");
			assertEquals(1, count(out, 2) / (double) count(asFloat, 2), 0.2, "the ring's area");
			// beyond reach x radius (25 pixels) nothing moves
			for (int y = 0; y < SIZE; y++)
				for (int x = 0; x < SIZE; x++)
					if (Math.hypot(x - 30, y - 34) > 26) assertEquals(asFloat[y * SIZE + x], out[y * SIZE + x], "pixel " + x + "," + y);
		}
	}

	@Test
	void offDrawsNothingAndProbabilityZeroLeavesSamplesAlone() {
		final AugmentationSettings s = new AugmentationSettings();
		assertEquals(false, new StructureContraction(s).enabled());
		s.contractionProbability = 1e-9;
		try (NDManager m = Djl.engine().newBaseManager()) {
			final float[] d = new StructureContraction(s).displacement(m, new SplittableRandom(1), heart(), 1, SIZE, SIZE, 3).toFloatArray();
			for (final float v : d) assertEquals(0f, v);
		}
	}
}
