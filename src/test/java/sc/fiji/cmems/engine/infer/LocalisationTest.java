package sc.fiji.cmems.engine.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.data.LabelResize;
import sc.fiji.cmems.engine.model.FocusRecipe;
import sc.fiji.cmems.engine.data.ImgSlices;

/** The crop and scale rule of two-stage models: boxes around structures, and the way back to the native grid. */
class LocalisationTest {

	private static int[] square(final int w, final int h, final int x0, final int y0, final int side, final int label) {
		final int[] labels = new int[w * h];
		for (int y = y0; y < y0 + side; y++)
			for (int x = x0; x < x0 + side; x++) labels[y * w + x] = label;
		return labels;
	}

	/** @return width of the labelled columns of a slice, x fastest */
	private static int extent(final int[] labels, final int w) {
		int min = Integer.MAX_VALUE, max = -1;
		for (int i = 0; i < labels.length; i++) if (labels[i] > 0) {
			min = Math.min(min, i % w);
			max = Math.max(max, i % w);
		}
		return max - min + 1;
	}

	@Test
	void aSmallAndALargeStructureFillTheSameShareOfTheNetworkInput() {
		final FocusRecipe recipe = new FocusRecipe(0.5, 0);
		final int w = 200, h = 160, size = 64;
		for (final int[] s : new int[][] { { 30, 40, 12 }, { 90, 20, 48 } }) { // x0, y0, side: an end-systolic and an end-diastolic heart
			final int[] labels = square(w, h, s[0], s[1], s[2], 3);
			final CropBox box = Localisation.locate(labels, w, h, 1, recipe, true);
			assertEquals(2 * s[2], box.side(), "side = extent x (1 + 2 x margin)");
			assertEquals(s[0] - s[2] / 2, box.x0(), "centred in x");
			assertEquals(s[1] - s[2] / 2, box.y0(), "centred in y");
			// cut out and resized to the network size as training and inference do: half the input, whatever the size
			final int[] inBox = ImgSlices.readInts(box.crop(ArrayImgs.ints(labels, w, h)), 0);
			assertEquals(size / 2, extent(LabelResize.resize(inBox, box.side(), box.side(), size, size), size), "structure of side " + s[2]);
		}
	}

	@Test
	void cropThenPasteIsTheIdentityOnThePixelsInsideTheImage() {
		final int w = 50, h = 40;
		final int[] labels = new int[w * h];
		final SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < labels.length; i++) labels[i] = random.nextInt(4);
		for (final CropBox box : new CropBox[] { new CropBox(10, 5, 20, 0, 0), new CropBox(-6, 28, 20, 0, 0), new CropBox(-10, -10, 80, 0, 0) }) {
			final RandomAccessibleInterval<IntType> crop = box.crop(ArrayImgs.ints(labels, w, h));
			assertArrayEquals(new long[] { box.side(), box.side() }, Intervals.dimensionsAsLongArray(crop));
			final int[] back = new int[w * h];
			java.util.Arrays.fill(back, -1);
			box.paste(ImgSlices.readInts(crop, 0), back, w, h);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					final boolean inside = x >= box.x0() && x < box.x0() + box.side() && y >= box.y0() && y < box.y0() + box.side();
					assertEquals(inside ? labels[y * w + x] : -1, back[y * w + x], box + " at (" + x + ", " + y + ")");
				}
		}
	}

	@Test
	void aStrayLabelFarAwayDoesNotWidenAPredictionsBox() {
		final int w = 100, h = 100;
		final int[] labels = square(w, h, 40, 40, 20, 2);
		labels[2 * w + 95] = 2; // one stray pixel of the same class, far away
		final CropBox prediction = Localisation.locate(labels, w, h, 1, new FocusRecipe(0.25, 0), true);
		assertEquals(30, prediction.side());
		final CropBox asLabels = Localisation.locate(labels, w, h, 1, new FocusRecipe(0.25, 0), false);
		assertTrue(asLabels.side() > 80, "an exemplar's labels count as they are: " + asLabels);
	}

	@Test
	void aStacksBoxHoldsItsStructuresInEverySliceAndItsSliceRangeTheMargin() {
		final int w = 60, h = 50, d = 8;
		final int[] labels = new int[w * h * d];
		final int[] a = square(w, h, 20, 20, 10, 1), b = square(w, h, 24, 18, 20, 3);
		System.arraycopy(a, 0, labels, 3 * w * h, w * h);
		System.arraycopy(b, 0, labels, 4 * w * h, w * h);
		final CropBox box = Localisation.locate(labels, w, h, d, new FocusRecipe(0, 1), false);
		assertEquals(24, box.side(), "x 20..43, y 18..37: the longer side");
		assertEquals(2, box.firstSlice());
		assertEquals(5, box.lastSlice());
		final RandomAccessibleInterval<IntType> crop = box.crop(ArrayImgs.ints(labels, w, h, d));
		assertArrayEquals(new long[] { 24, 24, 4 }, Intervals.dimensionsAsLongArray(crop));
	}

	@Test
	void nothingFoundIsNull() {
		assertNull(Localisation.locate(new int[30 * 20 * 2], 30, 20, 2, new FocusRecipe(), true));
	}
}
