package sc.fiji.cmems.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class EuclideanDistanceTransformTest {

	private static final double EPS = 1e-9;

	@Test
	void handChecked1D() {
		// features at 1 and 6 of 0..7: distances 1 0 1 2 2 1 0 1
		final boolean[] f = { false, true, false, false, false, false, true, false };
		assertArrayEquals(new double[] { 1, 0, 1, 2, 2, 1, 0, 1 }, EuclideanDistanceTransform.distances(f,
			new int[] { 8 }, null), 0);
		// spacing 0.5: halved
		assertArrayEquals(new double[] { 0.5, 0, 0.5, 1, 1, 0.5, 0, 0.5 }, EuclideanDistanceTransform.distances(f,
			new int[] { 8 }, new double[] { 0.5 }), 0);
	}

	@Test
	void handChecked2DAnisotropic() {
		// 3x2 image (x fastest), one feature at (0,0); spacing x=2, y=3
		// squared distances: (x*2)^2 + (y*3)^2 -> row y=0: 0 4 16, row y=1: 9 13 25
		final byte[] f = { 1, 0, 0, 0, 0, 0 };
		assertArrayEquals(new double[] { 0, 4, 16, 9, 13, 25 }, EuclideanDistanceTransform.squaredDistances(f,
			new int[] { 3, 2 }, new double[] { 2, 3 }), 0);
	}

	@Test
	void noFeatureGivesInfinityNotNaN() {
		for (final int[] dims : new int[][] { { 5 }, { 4, 3 }, { 3, 4, 2 } }) {
			final double[] d = EuclideanDistanceTransform.distances(new boolean[BruteForce.size(dims)], dims, null);
			for (final double v : d)
				assertEquals(Double.POSITIVE_INFINITY, v);
		}
	}

	@Test
	void singleFeatureInLargeImageReachesEverywhere() {
		// lines of other axes hold no feature at all: the infinite samples must not poison the envelope
		final int[] dims = { 7, 5, 4 };
		final boolean[] f = new boolean[BruteForce.size(dims)];
		f[BruteForce.index(new int[] { 6, 0, 3 }, dims)] = true;
		final double[] sp = { 1.5, 0.7, 2.25 };
		assertArrayEquals(BruteForce.squaredEdt(f, dims, sp), EuclideanDistanceTransform.squaredDistances(f, dims, sp),
			EPS);
	}

	@Test
	void matchesBruteForceOnRandomMasks() {
		final Random r = new Random(42);
		int cases = 0;
		for (int nd = 1; nd <= 4; nd++) {
			for (int trial = 0; trial < (nd == 4 ? 20 : 150); trial++) {
				final int[] dims = new int[nd];
				for (int d = 0; d < nd; d++)
					dims[d] = 1 + r.nextInt(nd == 4 ? 4 : nd == 3 ? 7 : 12);
				final int n = BruteForce.size(dims);
				final double density = r.nextInt(4) == 0 ? 0.02 : r.nextDouble();
				final boolean[] f = BruteForce.randomMask(r, n, density);
				double[] spacing = null;
				if (trial % 2 == 1) {
					spacing = new double[nd];
					for (int d = 0; d < nd; d++)
						spacing[d] = 0.1 + 3 * r.nextDouble();
				}
				final double[] expected = BruteForce.squaredEdt(f, dims, spacing);
				final double[] actual = EuclideanDistanceTransform.squaredDistances(f, dims, spacing);
				for (int i = 0; i < n; i++) {
					if (Double.isInfinite(expected[i])) assertEquals(expected[i], actual[i]);
					else assertEquals(expected[i], actual[i], EPS, "voxel " + i + " of dims " + java.util.Arrays
						.toString(dims));
				}
				final double[] dist = EuclideanDistanceTransform.distances(f, dims, spacing);
				for (int i = 0; i < n; i++)
					if (!Double.isInfinite(expected[i])) assertEquals(Math.sqrt(expected[i]), dist[i], EPS);
				cases++;
			}
		}
		assertEquals(470, cases);
	}

	@Test
	void unitSpacingGivesExactIntegers() {
		final Random r = new Random(7);
		final int[] dims = { 9, 8, 6 };
		final boolean[] f = BruteForce.randomMask(r, BruteForce.size(dims), 0.05);
		f[0] = true;
		final double[] d2 = EuclideanDistanceTransform.squaredDistances(f, dims, null);
		final double[] bf = BruteForce.squaredEdt(f, dims, null);
		for (int i = 0; i < d2.length; i++) {
			assertEquals(Math.rint(d2[i]), d2[i], 0);
			assertEquals(bf[i], d2[i], 0);
		}
	}

	@Test
	void rejectsBadArguments() {
		assertThrows(IllegalArgumentException.class, () -> EuclideanDistanceTransform.distances(new boolean[5],
			new int[] { 2, 3 }, null));
		assertThrows(IllegalArgumentException.class, () -> EuclideanDistanceTransform.distances(new boolean[6],
			new int[] { 2, 3 }, new double[] { 1 }));
		assertThrows(IllegalArgumentException.class, () -> EuclideanDistanceTransform.distances(new boolean[6],
			new int[] { 2, 3 }, new double[] { 1, 0 }));
		assertThrows(IllegalArgumentException.class, () -> EuclideanDistanceTransform.distances(new boolean[6],
			new int[] { 2, 3 }, new double[] { 1, Double.NaN }));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> EuclideanDistanceTransform.distances(new boolean[0], new int[] { 0, 3 }, null));
		assertTrue(e.getMessage().contains("[0, 3]"), e.getMessage());
	}
}
