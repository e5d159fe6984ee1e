package sc.fiji.cmems.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SurfacesTest {

	@Test
	void solidCubeSurfaceIsItsBoundaryShell() {
		// 5x5x5 cube at 1..5 inside a 7x7x7 image: 125 voxels, interior 3x3x3 = 27, shell 98
		final int[] dims = { 7, 7, 7 };
		final boolean[] m = new boolean[343];
		for (int z = 1; z <= 5; z++)
			for (int y = 1; y <= 5; y++)
				for (int x = 1; x <= 5; x++)
					m[x + 7 * (y + 7 * z)] = true;
		final boolean[] s = Surfaces.surfaceMask(m, dims);
		int count = 0;
		for (int z = 0; z < 7; z++)
			for (int y = 0; y < 7; y++)
				for (int x = 0; x < 7; x++) {
					final boolean inCube = x >= 1 && x <= 5 && y >= 1 && y <= 5 && z >= 1 && z <= 5;
					final boolean onShell = inCube && (x == 1 || x == 5 || y == 1 || y == 5 || z == 1 || z == 5);
					assertEquals(onShell, s[x + 7 * (y + 7 * z)], "voxel " + x + "," + y + "," + z);
					if (onShell) count++;
				}
		assertEquals(98, count);
		assertEquals(98, Surfaces.surfaceIndices(m, dims).length);
	}

	@Test
	void maskVoxelsOnTheImageBorderAreSurface() {
		// the whole 4x4x4 image is foreground: only the 2x2x2 core is interior, 64 - 8 = 56 surface voxels
		final boolean[] all = new boolean[64];
		java.util.Arrays.fill(all, true);
		final boolean[] s = Surfaces.surfaceMask(all, new int[] { 4, 4, 4 });
		int count = 0;
		for (int i = 0; i < 64; i++) {
			final int x = i % 4, y = (i / 4) % 4, z = i / 16;
			final boolean core = x >= 1 && x <= 2 && y >= 1 && y <= 2 && z >= 1 && z <= 2;
			assertEquals(!core, s[i], "voxel " + i);
			if (s[i]) count++;
		}
		assertEquals(56, count);
	}

	@Test
	void handChecked2DUsesFaceNeighboursOnly() {
		// 5x5 image, plus-shaped mask; only the centre has all 4 face neighbours in the mask
		// . . . . .
		// . . X . .
		// . X X X .
		// . . X . .
		// . . . . .
		final boolean[] m = new boolean[25];
		for (final int i : new int[] { 7, 11, 12, 13, 17 })
			m[i] = true;
		assertArrayEquals(new int[] { 7, 11, 13, 17 }, Surfaces.surfaceIndices(m, new int[] { 5, 5 }));
		// a full 3x3 square: only its centre is interior (diagonal neighbours do not matter)
		final boolean[] sq = new boolean[25];
		for (final int i : new int[] { 6, 7, 8, 11, 12, 13, 16, 17, 18 })
			sq[i] = true;
		assertArrayEquals(new int[] { 6, 7, 8, 11, 13, 16, 17, 18 }, Surfaces.surfaceIndices(sq, new int[] { 5, 5 }));
	}

	@Test
	void axisOfSizeOneMakesEverythingSurface() {
		final boolean[] m = new boolean[9];
		java.util.Arrays.fill(m, true);
		assertEquals(9, Surfaces.surfaceIndices(m, new int[] { 3, 3, 1 }).length);
		assertEquals(8, Surfaces.surfaceIndices(m, new int[] { 3, 3 }).length);
	}

	@Test
	void matchesBruteForceOnRandomMasks() {
		final Random r = new Random(3);
		for (int trial = 0; trial < 200; trial++) {
			final int nd = 1 + trial % 3;
			final int[] dims = new int[nd];
			for (int d = 0; d < nd; d++)
				dims[d] = 1 + r.nextInt(8);
			final boolean[] m = r.nextBoolean() ? BruteForce.randomMask(r, BruteForce.size(dims), r.nextDouble())
				: BruteForce.randomBlobs(r, dims, 3);
			assertArrayEquals(BruteForce.surface(m, dims), Surfaces.surfaceMask(m, dims));
		}
	}
}
