package sc.fiji.cmems.engine.infer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import sc.fiji.cmems.engine.data.ImgSlices;

/**
 * Post-processing of a label image: of each foreground class, only the largest
 * connected component is kept, the other components of that class become
 * background. Connectivity is face adjacency (4-neighbourhood in a 2D image,
 * 6-neighbourhood in a 3D stack), as in the surfaces of the metrics.
 * <p>
 * Why: a network that segments slice by slice labels look-alike tissue far
 * from the organ (on ACDC, the right ventricle's label on liver and stomach),
 * and every such island costs Dice and, much more, the Hausdorff distance. For
 * one organ per class, as in the heart, the largest component is the organ.
 * Off by default: images with several objects of one class need all of them.
 */
public final class LargestComponents {

	private LargestComponents() {}

	/**
	 * Keeps, in place, the largest connected component of each label above 0.
	 *
	 * @param labels a 2D image or a 3D stack of labels (values below 0 are left alone)
	 * @return the number of voxels set to background
	 */
	public static long keep(final RandomAccessibleInterval<? extends IntegerType<?>> labels) {
		final int slices = ImgSlices.count(labels);
		final int[] plane = ImgSlices.sliceSize(labels);
		final int w = plane[0], h = plane[1], area = w * h;
		final int[] values = ImgSlices.readAllInts(labels);
		final long removed = keep(values, w, h, slices);
		if (removed > 0) for (int z = 0; z < slices; z++) {
			final int[] slice = new int[area];
			System.arraycopy(values, z * area, slice, 0, area);
			ImgSlices.writeInts(labels, z, slice);
		}
		return removed;
	}

	/**
	 * The same on a flat array, x fastest, then y, then z.
	 *
	 * @return the number of voxels set to background
	 */
	public static long keep(final int[] labels, final int w, final int h, final int d) {
		if ((long) w * h * d != labels.length)
			throw new IllegalArgumentException("labels hold " + labels.length + " values, not " + w + " x " + h + " x " + d);
		// component id per voxel (0: none yet), component sizes and classes, found by breadth-first flood fill
		final int[] component = new int[labels.length];
		final int[] queue = new int[labels.length];
		int[] size = new int[16], classOf = new int[16];
		int components = 0;
		for (int start = 0; start < labels.length; start++) {
			final int c = labels[start];
			if (c <= 0 || component[start] != 0) continue;
			final int id = ++components;
			if (id >= size.length) {
				size = Arrays.copyOf(size, 2 * size.length);
				classOf = Arrays.copyOf(classOf, 2 * classOf.length);
			}
			classOf[id] = c;
			int head = 0, tail = 0;
			queue[tail++] = start;
			component[start] = id;
			while (head < tail) {
				final int i = queue[head++];
				final int x = i % w, y = (i / w) % h, z = i / (w * h);
				if (x > 0) tail = visit(labels, component, queue, tail, i - 1, c, id);
				if (x < w - 1) tail = visit(labels, component, queue, tail, i + 1, c, id);
				if (y > 0) tail = visit(labels, component, queue, tail, i - w, c, id);
				if (y < h - 1) tail = visit(labels, component, queue, tail, i + w, c, id);
				if (z > 0) tail = visit(labels, component, queue, tail, i - w * h, c, id);
				if (z < d - 1) tail = visit(labels, component, queue, tail, i + w * h, c, id);
			}
			size[id] = tail;
		}
		// the largest component of each class (the first found among equals)
		final Map<Integer, Integer> largest = new HashMap<>();
		for (int id = 1; id <= components; id++) {
			final Integer best = largest.get(classOf[id]);
			if (best == null || size[id] > size[best]) largest.put(classOf[id], id);
		}
		long removed = 0;
		for (int i = 0; i < labels.length; i++) {
			final int id = component[i];
			if (id != 0 && largest.get(classOf[id]) != id) {
				labels[i] = 0;
				removed++;
			}
		}
		return removed;
	}

	private static int visit(final int[] labels, final int[] component, final int[] queue, int tail, final int j, final int c, final int id) {
		if (component[j] == 0 && labels[j] == c) {
			component[j] = id;
			queue[tail++] = j;
		}
		return tail;
	}
}
