package sc.fiji.cmems.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class LabelResizeTest {

	@Test
	void shrinkingTakesThePixelUnderEachCentre() {
		// 4 -> 2 takes input pixels 1 and 3 (centres 0.5 * 2 = 1, 1.5 * 2 = 3); 5 -> 2 takes 1 and 3 (1.25, 3.75)
		assertArrayEquals(new int[] { 1, 3 }, LabelResize.sources(4, 2));
		assertArrayEquals(new int[] { 1, 3 }, LabelResize.sources(5, 2));
		assertArrayEquals(new int[] { 2, 6 }, LabelResize.sources(8, 2));
		final int[] labels = { //
			0, 1, 0, 2, //
			0, 3, 0, 4 };
		assertArrayEquals(new int[] { 3, 4 }, LabelResize.resize(labels, 4, 2, 2, 1));
	}

	@Test
	void enlargingRepeatsEachPixelOverItsBlock() {
		assertArrayEquals(new int[] { 0, 0, 1, 1, 2, 2 }, LabelResize.sources(3, 6));
		assertArrayEquals(new int[] { 5, 5, 7, 7, 5, 5, 7, 7 }, LabelResize.resize(new int[] { 5, 7 }, 2, 1, 4, 2));
	}

	@Test
	void upAndDownAgainIsTheIdentityForTheAcdcShapes() {
		// PyTorch's legacy "nearest" (floor(x * in / out)) fails this for 216 -> 256 -> 216
		final Random r = new Random(3);
		for (final int[] wh : new int[][] { { 216, 256 }, { 232, 256 }, { 154, 224 }, { 184, 288 }, { 256, 256 } }) {
			final int w = wh[0], h = wh[1];
			final int[] labels = new int[w * h];
			for (int i = 0; i < labels.length; i++) labels[i] = r.nextInt(4);
			final int side = Math.max(w, h);
			assertArrayEquals(labels, LabelResize.resize(LabelResize.resize(labels, w, h, side, side), side, side, w, h), w + "x" + h);
		}
	}

	@Test
	void badSizesAreNamed() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelResize.resize(new int[6], 2, 2, 4, 4));
		assertTrue(e.getMessage().contains("2x2") && e.getMessage().contains("6"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> LabelResize.resize(new int[4], 2, 2, 0, 4));
	}
}
