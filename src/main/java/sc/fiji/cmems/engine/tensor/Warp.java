package sc.fiji.cmems.engine.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Geometric resampling of a batch, one transform per sample, on the batch's
 * device.
 * <p>
 * For every output pixel {@code (x, y)} of sample {@code b} the source position
 * is {@code (sx, sy) = A_b (x, y, 1)^T + d_b(x, y)}, where {@code A_b} is a 2x3
 * affine matrix (output to source, pixel centres at integer coordinates) and
 * {@code d_b} an optional displacement field (for elastic deformation). Values
 * are gathered with bilinear or nearest-neighbour interpolation; positions
 * outside the source read {@code fill}. Rotations by multiples of 90 degrees
 * and flips use exact integer matrices and therefore move pixels without any
 * interpolation error.
 */
public final class Warp {

	/** How values between pixel centres are read. */
	public enum Interpolation {
		/** Bilinear: for intensities. */
		BILINEAR,
		/** Nearest neighbour: for labels and masks. */
		NEAREST
	}

	private Warp() {}

	/**
	 * @param images batch {@code (B, C, H, W)}, float
	 * @param matrices {@code B} rows of 6 values {@code a00 a01 a02 a10 a11 a12}
	 * @param displacement optional {@code (B, 2, H, W)} source offsets in pixels
	 *          (x first), or {@code null}
	 * @param interpolation bilinear or nearest
	 * @param fill value read outside the source image
	 * @return the resampled batch {@code (B, C, H, W)}
	 */
	public static NDArray apply(final NDArray images, final float[][] matrices, final NDArray displacement,
		final Interpolation interpolation, final float fill)
	{
		final long[] s = images.getShape().getShape();
		final int batch = (int) s[0], channels = (int) s[1], height = (int) s[2], width = (int) s[3];
		if (matrices.length != batch) throw new IllegalArgumentException("need one matrix per sample: " + matrices.length + " for " + batch);
		final NDManager manager = images.getManager();
		final NDArray[] source = sourcePositions(manager, matrices, displacement, height, width);
		final NDArray flat = images.reshape(batch, channels, (long) height * width);
		if (interpolation == Interpolation.NEAREST) {
			final NDArray x = source[0].add(0.5f).floor();
			final NDArray y = source[1].add(0.5f).floor();
			final NDArray inside = inside(x, y, height, width);
			final NDArray value = gather(flat, x, y, height, width, channels);
			return blendFill(value, inside, fill).reshape(s);
		}
		final NDArray x0 = source[0].floor(), y0 = source[1].floor();
		final NDArray fx = source[0].sub(x0), fy = source[1].sub(y0);
		NDArray sum = null, weightSum = null;
		for (int dy = 0; dy <= 1; dy++) {
			for (int dx = 0; dx <= 1; dx++) {
				final NDArray x = dx == 0 ? x0 : x0.add(1f);
				final NDArray y = dy == 0 ? y0 : y0.add(1f);
				final NDArray wx = dx == 0 ? fx.neg().add(1f) : fx;
				final NDArray wy = dy == 0 ? fy.neg().add(1f) : fy;
				final NDArray weight = wx.mul(wy).mul(inside(x, y, height, width));
				final NDArray term = gather(flat, x, y, height, width, channels).mul(weight.expandDims(1));
				sum = sum == null ? term : sum.add(term);
				weightSum = weightSum == null ? weight : weightSum.add(weight);
			}
		}
		if (fill != 0f) sum = sum.add(weightSum.neg().add(1f).mul(fill).expandDims(1));
		return sum.reshape(s);
	}

	/** @return source x and y positions, each {@code (B, H*W)} */
	private static NDArray[] sourcePositions(final NDManager manager, final float[][] matrices, final NDArray displacement,
		final int height, final int width)
	{
		final int batch = matrices.length;
		final float[] columns = new float[6 * batch];
		for (int b = 0; b < batch; b++)
			for (int k = 0; k < 6; k++)
				columns[k * batch + b] = matrices[b][k];
		final NDArray a = manager.create(columns, new Shape(6, batch, 1));
		final NDArray xs = manager.arange(0f, (float) width).tile(height).reshape(1, (long) height * width);
		final NDArray ys = manager.arange(0f, (float) height).repeat(width).reshape(1, (long) height * width);
		NDArray sx = a.get(0).mul(xs).add(a.get(1).mul(ys)).add(a.get(2));
		NDArray sy = a.get(3).mul(xs).add(a.get(4).mul(ys)).add(a.get(5));
		if (displacement != null) {
			final NDArray d = displacement.reshape(batch, 2, (long) height * width);
			sx = sx.add(d.get(":, 0"));
			sy = sy.add(d.get(":, 1"));
		}
		return new NDArray[] { sx, sy };
	}

	private static NDArray inside(final NDArray x, final NDArray y, final int height, final int width) {
		return x.gte(0f).logicalAnd(x.lte(width - 1f)).logicalAnd(y.gte(0f)).logicalAnd(y.lte(height - 1f))
			.toType(DataType.FLOAT32, false);
	}

	/** Reads {@code flat (B, C, H*W)} at integer positions (clamped into the image). */
	private static NDArray gather(final NDArray flat, final NDArray x, final NDArray y, final int height, final int width,
		final int channels)
	{
		final NDArray index = y.clip(0, height - 1).mul(width).add(x.clip(0, width - 1)).toType(DataType.INT64, false);
		final long[] is = index.getShape().getShape();
		final NDArray perChannel = channels == 1 ? index.expandDims(1) : index.expandDims(1).repeat(1, channels);
		return flat.gather(perChannel, 2).reshape(is[0], channels, is[1]);
	}

	private static NDArray blendFill(final NDArray value, final NDArray inside, final float fill) {
		final NDArray in = inside.expandDims(1);
		final NDArray kept = value.mul(in);
		return fill == 0f ? kept : kept.add(in.neg().add(1f).mul(fill));
	}
}
