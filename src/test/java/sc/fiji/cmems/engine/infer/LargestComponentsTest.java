package sc.fiji.cmems.engine.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.Test;

/** Keeping the largest connected component of each class. */
class LargestComponentsTest {

	@Test
	void aSmallerIslandOfAClassBecomesBackgroundAndOtherClassesStay() {
		final int[] labels = {
			1, 1, 0, 0, 0, 1,
			1, 1, 0, 2, 0, 1,
			0, 0, 0, 2, 0, 0,
			3, 0, 0, 0, 0, 0,
			0, 3, 0, 0, 3, 3 };
		final int[] expected = {
			1, 1, 0, 0, 0, 0,
			1, 1, 0, 2, 0, 0,
			0, 0, 0, 2, 0, 0,
			0, 0, 0, 0, 0, 0,
			0, 0, 0, 0, 3, 3 };
		// class 3: three components of 1, 1 and 2 voxels (diagonal neighbours are not connected)
		assertEquals(4, LargestComponents.keep(labels, 6, 5, 1));
		assertArrayEquals(expected, labels);
	}

	@Test
	void inAStackSlicesConnectThroughTheirFacesAndOnAnImglib2Image() {
		// 3 x 2 x 3: class 1 at (0,0) in every slice is one column of 3 voxels; class 1 at (2,1) in slice 1 alone is an island
		final ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(new byte[] {
			1, 0, 0, 0, 0, 0,
			1, 0, 0, 0, 0, 1,
			1, 0, 0, 0, 0, 0 }, 3, 2, 3);
		assertEquals(1, LargestComponents.keep(img));
		assertArrayEquals(new byte[] { 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 }, img.update(null).getCurrentStorageArray());
		assertEquals(0, LargestComponents.keep(img), "nothing left to remove");
	}

	@Test
	void matchesBruteForceOnRandomVolumes() {
		final Random random = new Random(7);
		for (int trial = 0; trial < 200; trial++) {
			final int w = 1 + random.nextInt(7), h = 1 + random.nextInt(7), d = 1 + random.nextInt(4);
			final int[] labels = new int[w * h * d];
			for (int i = 0; i < labels.length; i++) labels[i] = random.nextInt(10) < 4 ? 0 : 1 + random.nextInt(3);
			final int[] expected = bruteForce(labels, w, h, d);
			final int[] actual = labels.clone();
			LargestComponents.keep(actual, w, h, d);
			assertArrayEquals(expected, actual, "trial " + trial + " (" + w + "x" + h + "x" + d + ")");
		}
	}

	@Test
	void aWrongSizeIsRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LargestComponents.keep(new int[5], 2, 2, 1));
		assertEquals("labels hold 5 values, not 2 x 2 x 1", e.getMessage());
	}

	/**
	 * Component ids by repeated minimum propagation between face neighbours
	 * until nothing changes; then, per class, the id with most voxels (the
	 * smallest id among equals, which is the first found in scan order) stays.
	 */
	private static int[] bruteForce(final int[] labels, final int w, final int h, final int d) {
		final int n = labels.length;
		final int[] id = new int[n];
		for (int i = 0; i < n; i++) id[i] = labels[i] > 0 ? i : -1;
		boolean changed = true;
		while (changed) {
			changed = false;
			for (int z = 0; z < d; z++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						final int i = (z * h + y) * w + x;
						if (labels[i] <= 0) continue;
						final int[][] neighbours = { { x - 1, y, z }, { x + 1, y, z }, { x, y - 1, z }, { x, y + 1, z }, { x, y, z - 1 }, { x, y, z + 1 } };
						for (final int[] p : neighbours) {
							if (p[0] < 0 || p[0] >= w || p[1] < 0 || p[1] >= h || p[2] < 0 || p[2] >= d) continue;
							final int j = (p[2] * h + p[1]) * w + p[0];
							if (labels[j] == labels[i] && id[j] < id[i]) {
								id[i] = id[j];
								changed = true;
							}
						}
					}
		}
		final int[] count = new int[n];
		for (int i = 0; i < n; i++) if (id[i] >= 0) count[id[i]]++;
		final int[] out = labels.clone();
		for (int i = 0; i < n; i++) {
			if (id[i] < 0) continue;
			for (int j = 0; j < n; j++)
				if (id[j] == j && labels[j] == labels[i] && (count[j] > count[id[i]] || (count[j] == count[id[i]] && j < id[i]))) {
					out[i] = 0;
					break;
				}
		}
		return out;
	}
}
