package sc.fiji.cmems.engine.metrics;

/**
 * Surface (border) voxels of a binary mask, as medpy's {@code __surface_distances}
 * defines them: the mask minus its binary erosion by the face-connected
 * structuring element (4-neighbourhood in 2D, 6-neighbourhood in 3D, 2·n
 * neighbours in n dimensions), with voxels outside the image counted as
 * background. So a mask voxel is on the surface when one of its face
 * neighbours is background or lies outside the image; in particular every mask
 * voxel on the image border is a surface voxel, and so is every mask voxel of
 * an axis of size 1.
 * <p>
 * Masks are flat arrays, axis 0 fastest.
 */
public final class Surfaces {

	private Surfaces() {}

	/**
	 * @param mask the mask, flat, axis 0 fastest
	 * @param dims image size per axis
	 * @return a new mask holding only the surface voxels of {@code mask}
	 */
	public static boolean[] surfaceMask(final boolean[] mask, final int[] dims) {
		final int n = EuclideanDistanceTransform.checkedSize(dims, mask.length);
		final boolean[] surface = new boolean[n];
		final int nd = dims.length;
		final int[] strides = new int[nd];
		int stride = 1;
		for (int d = 0; d < nd; d++) {
			strides[d] = stride;
			stride *= dims[d];
		}
		final int[] pos = new int[nd];
		for (int i = 0; i < n; i++) {
			if (mask[i]) surface[i] = isSurface(mask, dims, strides, pos, i);
			// advance the position counter, axis 0 fastest
			for (int d = 0; d < nd; d++) {
				if (++pos[d] < dims[d]) break;
				pos[d] = 0;
			}
		}
		return surface;
	}

	/**
	 * @param mask the mask, flat, axis 0 fastest
	 * @param dims image size per axis
	 * @return the flat indices of the surface voxels of {@code mask}, ascending
	 */
	public static int[] surfaceIndices(final boolean[] mask, final int[] dims) {
		return indicesOf(surfaceMask(mask, dims));
	}

	/** @return the indices of the {@code true} entries, ascending */
	public static int[] indicesOf(final boolean[] mask) {
		int count = 0;
		for (final boolean b : mask)
			if (b) count++;
		final int[] idx = new int[count];
		int k = 0;
		for (int i = 0; i < mask.length; i++)
			if (mask[i]) idx[k++] = i;
		return idx;
	}

	private static boolean isSurface(final boolean[] mask, final int[] dims, final int[] strides, final int[] pos,
		final int i)
	{
		for (int d = 0; d < dims.length; d++) {
			final int p = pos[d];
			if (p == 0 || p == dims[d] - 1) return true; // a neighbour lies outside the image
			if (!mask[i - strides[d]] || !mask[i + strides[d]]) return true;
		}
		return false;
	}
}
