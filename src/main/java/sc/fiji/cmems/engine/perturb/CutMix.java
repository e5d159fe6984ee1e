package sc.fiji.cmems.engine.perturb;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * CutMix between the images of one unlabeled batch: for some samples, a random
 * box is replaced by the same box of another sample of the batch. The same
 * draw mixes the images and, later, the teacher's pseudo-labels and
 * confidences, so targets inside the box are the other image's weak-view
 * predictions by the same teacher, with no extra teacher pass.
 */
public final class CutMix {

	private final NDArray box;
	private final NDArray source;
	private final boolean any;

	private CutMix(final NDArray box, final NDArray source, final boolean any) {
		this.box = box;
		this.source = source;
		this.any = any;
	}

	/**
	 * Draws boxes and source samples.
	 *
	 * @param batch number of samples (no mixing with fewer than 2)
	 * @param size image side length
	 */
	public static CutMix draw(final AugmentationSettings settings, final SplittableRandom random, final int batch,
		final int size, final NDManager manager)
	{
		final float[] bounds = new float[4 * batch]; // x0, x1, y0, y1 per sample; empty box = no mix
		final long[] from = new long[batch];
		boolean any = false;
		for (int b = 0; b < batch; b++) {
			from[b] = b;
			if (batch < 2 || random.nextDouble() >= settings.cutMixProbability) continue;
			final double area = settings.cutMixArea[0] + (settings.cutMixArea[1] - settings.cutMixArea[0]) * random.nextDouble();
			final double logAspect = Math.log(settings.cutMixAspect[0]) + (Math.log(settings.cutMixAspect[1]) - Math.log(settings.cutMixAspect[0])) * random.nextDouble();
			final double aspect = Math.exp(logAspect);
			final int w = (int) Math.min(size, Math.max(1, Math.round(Math.sqrt(area * size * size * aspect))));
			final int h = (int) Math.min(size, Math.max(1, Math.round(Math.sqrt(area * size * size / aspect))));
			final int x0 = random.nextInt(size - w + 1), y0 = random.nextInt(size - h + 1);
			bounds[4 * b] = x0;
			bounds[4 * b + 1] = x0 + w;
			bounds[4 * b + 2] = y0;
			bounds[4 * b + 3] = y0 + h;
			from[b] = (b + 1 + random.nextInt(batch - 1)) % batch;
			any = true;
		}
		final NDArray bb = manager.create(bounds, new Shape(batch, 4, 1, 1));
		final NDArray xs = manager.arange(0f, (float) size).reshape(1, 1, size);
		final NDArray ys = manager.arange(0f, (float) size).reshape(1, size, 1);
		final NDArray inX = xs.gte(bb.get(":, 0")).logicalAnd(xs.lt(bb.get(":, 1")));
		final NDArray inY = ys.gte(bb.get(":, 2")).logicalAnd(ys.lt(bb.get(":, 3")));
		final NDArray box = inX.logicalAnd(inY).toType(DataType.FLOAT32, false); // (B, H, W)
		return new CutMix(box, manager.create(from), any);
	}

	/** @return whether any sample is mixed */
	public boolean mixesAnything() {
		return any;
	}

	/** @return {@code (B, H, W)} float box masks, 1 inside the pasted box */
	public NDArray box() {
		return box;
	}

	/** @return {@code (B)} int64: the sample whose box each sample receives (its own index when it is not mixed) */
	public NDArray source() {
		return source;
	}

	/**
	 * @return the same mix with copies of its arrays in {@code manager}, for
	 *         applying a batch drawn once in later iterations' scopes
	 */
	public CutMix copyTo(final NDManager manager) {
		final NDArray b = box.duplicate(), s = source.duplicate();
		b.attach(manager);
		s.attach(manager);
		return new CutMix(b, s, any);
	}

	/** Mixes images {@code (B, C, H, W)}. */
	public NDArray mixImages(final NDArray images) {
		if (!any) return images;
		final NDArray m = box.expandDims(1);
		return images.mul(m.neg().add(1f)).add(images.get(source).mul(m));
	}

	/** Mixes per-pixel maps {@code (B, H, W)} (labels, confidences), keeping their data type. */
	public NDArray mixMaps(final NDArray maps) {
		if (!any) return maps;
		final DataType type = maps.getDataType();
		final NDArray f = maps.toType(DataType.FLOAT32, false);
		final NDArray mixed = f.mul(box.neg().add(1f)).add(f.get(source).mul(box));
		return type == DataType.FLOAT32 ? mixed : mixed.toType(type, false);
	}
}
