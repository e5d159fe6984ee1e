package sc.fiji.cmems.engine.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

import java.util.SplittableRandom;

import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.tensor.GaussianBlur;
import sc.fiji.cmems.engine.tensor.PerSample;
import sc.fiji.cmems.engine.tensor.Resampling;
import sc.fiji.cmems.engine.tensor.Scope;
import sc.fiji.cmems.engine.tensor.Warp;

/**
 * Labeled samples synthesised from the exemplar by copy-paste (ELSNet style).
 * <p>
 * The exemplar's foreground (all classes together, so the anatomy stays
 * plausible) plus a thin margin of known background is moved by a random
 * affine transform around its centroid and an optional small elastic
 * deformation, then pasted with a feathered edge into a background: the
 * exemplar itself or an unlabeled slice, whose intensities it is matched to
 * (mean and standard deviation). Labels: the pasted classes inside the paste;
 * outside it the exemplar's own labels when the background is the exemplar,
 * otherwise unknown (weight 0). The feathered band, where two images blend, is
 * unknown too.
 */
public final class ExemplarSynthesizer {

	private final SynthesisSettings settings;
	private final int size;
	private final NDArray exemplarImage;
	private final NDArray exemplarLabels;
	private final NDArray pasteRegion;
	private final double centroidX, centroidY;
	private final float exemplarMean, exemplarStd;

	/**
	 * @param exemplarImage {@code (1, 1, S, S)} in [0, 1]
	 * @param exemplarLabels {@code (1, 1, S, S)} float labels
	 * @param labelArray the same labels, x fastest
	 */
	public ExemplarSynthesizer(final SynthesisSettings settings, final NDArray exemplarImage, final NDArray exemplarLabels,
		final int[] labelArray)
	{
		settings.check();
		this.settings = settings;
		this.size = (int) exemplarImage.getShape().get(3);
		this.exemplarImage = exemplarImage;
		this.exemplarLabels = exemplarLabels;
		final int r = (int) Math.max(1, Math.round(settings.context * size));
		final NDArray foreground = exemplarLabels.gt(0f).toType(DataType.FLOAT32, false);
		this.pasteRegion = Pool.maxPool2d(foreground, new Shape(2 * r + 1, 2 * r + 1), new Shape(1, 1), new Shape(r, r), false);
		double sx = 0, sy = 0;
		long n = 0;
		for (int i = 0; i < labelArray.length; i++)
			if (labelArray[i] > 0) {
				sx += i % size;
				sy += i / size;
				n++;
			}
		if (n == 0) throw new IllegalArgumentException("the exemplar has no foreground to paste");
		centroidX = sx / n;
		centroidY = sy / n;
		final float[] px = exemplarImage.toFloatArray();
		double mean = 0, sq = 0;
		for (final float v : px) mean += v;
		mean /= px.length;
		for (final float v : px) sq += (v - mean) * (v - mean);
		exemplarMean = (float) mean;
		exemplarStd = (float) Math.max(1e-6, Math.sqrt(sq / px.length));
	}

	/**
	 * @param count number of samples
	 * @param pool unlabeled slices {@code (N, 1, S, S)} to paste into; may be empty
	 * @param manager the scope the results belong to
	 */
	public LabeledBatch generate(final NDManager manager, final SplittableRandom random, final int count, final NDArray pool) {
		final int poolSize = (int) pool.getShape().get(0);
		final float[][] matrices = new float[count][];
		final float[] onExemplar = new float[count];
		final long[] backgroundIndex = new long[count];
		final boolean[] elastic = new boolean[count];
		for (int b = 0; b < count; b++) {
			onExemplar[b] = poolSize == 0 || random.nextDouble() < settings.exemplarBackground ? 1f : 0f;
			backgroundIndex[b] = poolSize == 0 ? 0 : random.nextInt(poolSize);
			matrices[b] = drawMatrix(random);
			elastic[b] = random.nextDouble() < settings.elasticProbability;
		}
		final NDArray displacement = displacement(manager, random, elastic);

		final NDArray exImage = Scope.into(manager, exemplarImage.repeat(0, count));
		final NDArray exLabels = Scope.into(manager, exemplarLabels.repeat(0, count));
		final NDArray region = Scope.into(manager, pasteRegion.repeat(0, count));
		final NDArray pastedImage = Warp.apply(exImage, matrices, displacement, Warp.Interpolation.BILINEAR, 0f);
		final NDArray pastedMaps = Warp.apply(NDArrays.concat(new NDList(exLabels, region), 1), matrices, displacement,
			Warp.Interpolation.NEAREST, 0f);
		final NDArray pastedLabels = pastedMaps.get(":, 0:1");
		final NDArray pastedRegion = pastedMaps.get(":, 1:2");

		final NDArray isExemplar = manager.create(onExemplar, new Shape(count, 1, 1, 1));
		final NDArray notExemplar = isExemplar.neg().add(1f);
		NDArray background = exImage;
		if (poolSize > 0) {
			final NDArray fromPool = Scope.into(manager, pool.get(manager.create(backgroundIndex)));
			background = exImage.mul(isExemplar).add(fromPool.mul(notExemplar));
		}
		NDArray foreground = pastedImage;
		if (settings.harmonize && poolSize > 0) {
			final NDArray mean = PerSample.mean(background);
			final NDArray std = PerSample.std(background);
			final NDArray matched = pastedImage.sub(exemplarMean).div(exemplarStd).mul(std).add(mean).clip(0f, 1f);
			foreground = pastedImage.mul(isExemplar).add(matched.mul(notExemplar));
		}
		final float[] sigmas = new float[count];
		java.util.Arrays.fill(sigmas, (float) settings.featherSigma);
		final NDArray alpha = GaussianBlur.apply(pastedRegion, sigmas).clip(0f, 1f);
		final NDArray image = foreground.mul(alpha).add(background.mul(alpha.neg().add(1f)));

		final NDArray inside = alpha.gte(0.5f).toType(DataType.FLOAT32, false);
		final NDArray labels = pastedLabels.mul(inside).add(exLabels.mul(isExemplar).mul(inside.neg().add(1f)));
		final NDArray core = alpha.gte(0.9f).toType(DataType.FLOAT32, false);
		final NDArray outside = alpha.lte(0.1f).toType(DataType.FLOAT32, false);
		final NDArray weights = core.add(outside.mul(isExemplar));
		return new LabeledBatch(image, labels.squeeze(1).round().toType(DataType.INT64, false), weights.squeeze(1));
	}

	/** Output-to-source matrix of a rotation, scale and shift of the foreground about its centroid. */
	private float[] drawMatrix(final SplittableRandom random) {
		final double angle = Math.toRadians((2 * random.nextDouble() - 1) * settings.maxRotationDegrees);
		final double scale = settings.scale[0] + (settings.scale[1] - settings.scale[0]) * random.nextDouble();
		final double tx = (2 * random.nextDouble() - 1) * settings.maxShift * size;
		final double ty = (2 * random.nextDouble() - 1) * settings.maxShift * size;
		// forward: p' = s R(a) (p - c) + c + t ; inverse: p = R(-a) (p' - c - t) / s + c
		final double cos = Math.cos(angle) / scale, sin = Math.sin(angle) / scale;
		final double a00 = cos, a01 = sin, a10 = -sin, a11 = cos;
		final double ox = centroidX + tx, oy = centroidY + ty;
		return new float[] { (float) a00, (float) a01, (float) (centroidX - a00 * ox - a01 * oy), (float) a10, (float) a11,
			(float) (centroidY - a10 * ox - a11 * oy) };
	}

	/** @return a smooth random displacement field {@code (B, 2, S, S)} in pixels, zero for samples without elastic deformation, or null if none has one */
	private NDArray displacement(final NDManager manager, final SplittableRandom random, final boolean[] elastic) {
		boolean any = false;
		for (final boolean e : elastic) any |= e;
		if (!any || settings.elasticAmplitude == 0) return null;
		final int grid = 4;
		final float amplitude = (float) (settings.elasticAmplitude * size);
		final float[] coarse = new float[elastic.length * 2 * grid * grid];
		for (int b = 0; b < elastic.length; b++)
			for (int i = 0; i < 2 * grid * grid; i++)
				coarse[b * 2 * grid * grid + i] = elastic[b] ? (float) ((2 * random.nextDouble() - 1) * amplitude) : 0f;
		return Resampling.bilinear(manager.create(coarse, new Shape(elastic.length, 2, grid, grid)), size, size);
	}
}
