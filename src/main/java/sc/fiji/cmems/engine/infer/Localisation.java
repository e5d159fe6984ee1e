package sc.fiji.cmems.engine.infer;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.engine.model.FocusRecipe;

/**
 * Finds where the structures of one image are, from a label image (a first
 * stage's prediction, or an exemplar's labels), and returns the box that the
 * second stage segments ({@link CropBox#around}).
 * <p>
 * A first stage's stray labels far from the organ would widen the box, so of a
 * prediction only the largest connected component of each class counts
 * ({@link LargestComponents}); an exemplar's labels count as they are.
 */
public final class Localisation {

	private Localisation() {}

	/**
	 * @param labels a 2D image or 3D stack of labels
	 * @param largestComponents whether to keep only each class's largest connected component first (for predictions)
	 * @return the box around every remaining foreground pixel, with {@code recipe}'s margins, or null if there is none
	 */
	public static CropBox locate(final RandomAccessibleInterval<? extends IntegerType<?>> labels, final FocusRecipe recipe, final boolean largestComponents) {
		final int[] size = ImgSlices.sliceSize(labels);
		return locate(ImgSlices.readAllInts(labels), size[0], size[1], ImgSlices.count(labels), recipe, largestComponents);
	}

	/**
	 * @param labels a 2D or 3D label image as a flat array, x fastest, then y, then z
	 * @param largestComponents whether to keep only each class's largest connected component first (for predictions)
	 * @return the box around every remaining foreground pixel, with {@code recipe}'s margins, or null if there is none
	 */
	public static CropBox locate(final int[] labels, final int width, final int height, final int depth, final FocusRecipe recipe,
		final boolean largestComponents)
	{
		final int[] kept = largestComponents ? Arrays.copyOf(labels, labels.length) : labels;
		if (largestComponents) LargestComponents.keep(kept, width, height, depth);
		int minX = Integer.MAX_VALUE, maxX = -1, minY = Integer.MAX_VALUE, maxY = -1, minZ = Integer.MAX_VALUE, maxZ = -1;
		for (int i = 0; i < kept.length; i++) {
			if (kept[i] <= 0) continue;
			final int x = i % width, y = (i / width) % height, z = i / (width * height);
			minX = Math.min(minX, x);
			maxX = Math.max(maxX, x);
			minY = Math.min(minY, y);
			maxY = Math.max(maxY, y);
			minZ = Math.min(minZ, z);
			maxZ = Math.max(maxZ, z);
		}
		if (maxX < 0) return null;
		return CropBox.around(minX, maxX, minY, maxY, Math.max(0, minZ - recipe.sliceMargin), Math.min(depth - 1, maxZ + recipe.sliceMargin), recipe.margin);
	}
}
