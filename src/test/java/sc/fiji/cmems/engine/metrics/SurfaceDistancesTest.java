package sc.fiji.cmems.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SurfaceDistancesTest {

	private static final double EPS = 1e-9;

	@Test
	void percentileMatchesNumpyLinear() {
		// np.percentile([0, 0, 3], 95): h = 2 * 0.95 = 1.9 -> 0 + 0.9 * 3 = 2.7
		assertEquals(2.7, SurfaceDistances.percentile(new double[] { 3, 0, 0 }, 95), 1e-12);
		// np.percentile([1, 2, 3, 4], 95): h = 3 * 0.95 = 2.85 -> 3 + 0.85 = 3.85
		assertEquals(3.85, SurfaceDistances.percentile(new double[] { 4, 1, 3, 2 }, 95), 1e-12);
		// np.percentile([10, 20], 25) = 12.5 (t < 0.5 branch)
		assertEquals(12.5, SurfaceDistances.percentile(new double[] { 20, 10 }, 25), 1e-12);
		assertEquals(7.0, SurfaceDistances.percentile(new double[] { 7 }, 95), 0);
		assertEquals(4.0, SurfaceDistances.percentile(new double[] { 4, 1, 3, 2 }, 100), 0);
		assertEquals(1.0, SurfaceDistances.percentile(new double[] { 4, 1, 3, 2 }, 0), 0);
		assertTrue(Double.isNaN(SurfaceDistances.percentile(new double[0], 95)));
		// the input is not sorted in place
		final double[] in = { 3, 1, 2 };
		SurfaceDistances.percentile(in, 50);
		assertArrayEquals(new double[] { 3, 1, 2 }, in, 0);
		assertThrows(IllegalArgumentException.class, () -> SurfaceDistances.percentile(in, 101));
	}

	@Test
	void handCheckedOneVoxelEach() {
		// 2D 6x6 image: P = {(0,0)}, G = {(3,4)}; distance 5 both ways -> HD95 5, ASD 5
		final int[] dims = { 6, 6 };
		final boolean[] p = new boolean[36];
		final boolean[] g = new boolean[36];
		p[0] = true;
		g[3 + 6 * 4] = true;
		assertEquals(5, SurfaceDistances.hd95(p, g, dims, null), EPS);
		assertEquals(5, SurfaceDistances.asd(p, g, dims, null), EPS);
		// spacing (2, 1): sqrt(6^2 + 4^2) = sqrt(52)
		assertEquals(Math.sqrt(52), SurfaceDistances.hd95(p, g, dims, new double[] { 2, 1 }), EPS);
		assertEquals(Math.sqrt(52), SurfaceDistances.asd(p, g, dims, new double[] { 2, 1 }), EPS);
	}

	@Test
	void handCheckedInterpolatedPercentileAndAsymmetricAsd() {
		// 1x... 2D 7x3 image, G = {(2,1)}, P = {(2,1), (5,1)}
		// P->G: 0, 3 ; G->P: 0 ; pooled [0, 0, 3] -> HD95 = 2.7 (numpy linear)
		// ASD(P, G) = mean(0, 3) = 1.5 ; ASD(G, P) = 0
		final int[] dims = { 7, 3 };
		final boolean[] p = new boolean[21];
		final boolean[] g = new boolean[21];
		g[2 + 7] = true;
		p[2 + 7] = true;
		p[5 + 7] = true;
		assertArrayEquals(new double[] { 0, 3 }, SurfaceDistances.directed(p, g, dims, null), EPS);
		assertArrayEquals(new double[] { 0 }, SurfaceDistances.directed(g, p, dims, null), EPS);
		assertEquals(2.7, SurfaceDistances.hd95(p, g, dims, null), EPS);
		assertEquals(2.7, SurfaceDistances.hd95(g, p, dims, null), EPS);
		assertEquals(1.5, SurfaceDistances.asd(p, g, dims, null), EPS);
		assertEquals(0.0, SurfaceDistances.asd(g, p, dims, null), EPS);
	}

	@Test
	void emptyMasksGiveNaN() {
		final int[] dims = { 3, 3 };
		final boolean[] some = new boolean[9];
		some[4] = true;
		final boolean[] none = new boolean[9];
		assertTrue(Double.isNaN(SurfaceDistances.hd95(some, none, dims, null)));
		assertTrue(Double.isNaN(SurfaceDistances.hd95(none, some, dims, null)));
		assertTrue(Double.isNaN(SurfaceDistances.asd(none, some, dims, null)));
		assertTrue(Double.isNaN(SurfaceDistances.asd(some, none, dims, null)));
		// directed distances to nothing are infinite, from nothing there are none
		assertArrayEquals(new double[] { Double.POSITIVE_INFINITY }, SurfaceDistances.directed(some, none, dims, null),
			0);
		assertEquals(0, SurfaceDistances.directed(none, some, dims, null).length);
	}

	@Test
	void hd95AndAsdMatchBruteForceOnRandom3DMasks() {
		final Random r = new Random(2024);
		int checked = 0;
		for (int trial = 0; trial < 120; trial++) {
			final int[] dims = { 2 + r.nextInt(7), 2 + r.nextInt(7), 1 + r.nextInt(6) };
			final int n = BruteForce.size(dims);
			final boolean[] p = trial % 2 == 0 ? BruteForce.randomBlobs(r, dims, 1 + r.nextInt(3)) : BruteForce
				.randomMask(r, n, 0.1 + 0.6 * r.nextDouble());
			final boolean[] g = trial % 3 == 0 ? BruteForce.randomMask(r, n, 0.1 + 0.6 * r.nextDouble()) : BruteForce
				.randomBlobs(r, dims, 1 + r.nextInt(3));
			if (!BruteForce.any(p) || !BruteForce.any(g)) continue;
			final double[] spacing = trial % 4 < 2 ? null : new double[] { 0.5 + r.nextDouble(), 0.5 + r
				.nextDouble(), 1 + 9 * r.nextDouble() };
			assertArrayEquals(BruteForce.directed(p, g, dims, spacing), SurfaceDistances.directed(p, g, dims, spacing),
				EPS);
			assertEquals(BruteForce.hd95(p, g, dims, spacing), SurfaceDistances.hd95(p, g, dims, spacing), EPS);
			assertEquals(BruteForce.asd(p, g, dims, spacing), SurfaceDistances.asd(p, g, dims, spacing), EPS);
			assertEquals(BruteForce.asd(g, p, dims, spacing), SurfaceDistances.asd(g, p, dims, spacing), EPS);
			checked++;
		}
		assertTrue(checked >= 100, "only " + checked + " non-empty cases");
	}
}
