package sc.fiji.cmems.benchmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.data.ImageInput;

class ResolutionCeilingTest {

	private static final List<String> NAMES = Arrays.asList("A", "B");

	@Test
	void roundTripKeepsTheSampledPixelsAndLosesTheOthers() {
		// 4x4 -> 2x2 samples the pixels under the centres, (1,1), (3,1), (1,3), (3,3); 2x2 -> 4x4 spreads each over a 2x2 block
		final int[] labels = new int[16];
		labels[1 + 4] = 1; // (1, 1): sampled, becomes the top-left 2x2 block
		labels[0] = 2; // (0, 0): not sampled, lost
		final int[] expected = new int[16];
		expected[0] = expected[1] = expected[4] = expected[5] = 1;
		assertArrayEquals(expected, ResolutionCeiling.roundTrip(labels, 4, 4, 2));
		assertArrayEquals(labels, ResolutionCeiling.roundTrip(labels, 4, 4, 4), "at the native size the round trip changes nothing");
	}

	@Test
	void ceilingIsPerfectAtTheNativeSizeAndLowerBelowIt() {
		final int w = 16, h = 16, d = 3;
		final byte[] truth = new byte[w * h * d];
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					final double r = Math.hypot(x - 7.3, y - 8.1);
					truth[(z * h + y) * w + x] = (byte) (r < 2.5 ? 2 : r < 5.5 ? 1 : 0);
				}
		final ImageInput volume = ImageInput.labeled("v", ArrayImgs.floats(w, h, d), ArrayImgs.unsignedBytes(truth, w, h, d));
		final VolumeMetrics native16 = ResolutionCeiling.measure(Collections.singletonList(volume), 16, NAMES);
		final VolumeMetrics coarse = ResolutionCeiling.measure(Collections.singletonList(volume), 5, NAMES);
		for (int c = 0; c < 2; c++) {
			assertEquals(1.0, native16.stat(0, c).mean, 1e-12);
			final double dice = coarse.stat(0, c).mean;
			assertTrue(dice > 0.2 && dice < 0.99, NAMES.get(c) + " Dice at 5x5 was " + dice);
		}
		final String table = ResolutionCeiling.table(Arrays.asList(16, 5), Arrays.asList(native16, coarse));
		assertTrue(table.contains("| 16x16 | 1.000 ± 0.000 | 1.000 ± 0.000 | **1.000** |"), table);
	}
}
