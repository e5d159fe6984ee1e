package sc.fiji.cmems.engine.synth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

import java.util.ArrayList;
import java.util.List;
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
	/** The labeled slices with a foreground to paste. */
	private final int[] sources;
	private final double[] centroidX, centroidY;
	private final float[] exemplarMean, exemplarStd;

	/**
	 * @param exemplarImage {@code (K, 1, S, S)} in [0, 1]: the exemplar (K = 1) or the slices of a labeled set
	 * @param exemplarLabels {@code (K, 1, S, S)} float labels
	 * @param labelArrays the same labels, one array per slice, x fastest
	 */
	public ExemplarSynthesizer(final SynthesisSettings settings, final NDArray exemplarImage, final NDArray exemplarLabels,
		final int[][] labelArrays)
	{
		settings.check();
		this.settings = settings;
		this.size = (int) exemplarImage.getShape().get(3);
		this.exemplarImage = exemplarImage;
		this.exemplarLabels = exemplarLabels;
		final int r = (int) Math.max(1, Math.round(settings.context * size));
		final NDArray foreground = exemplarLabels.gt(0f).toType(DataType.FLOAT32, false);
		this.pasteRegion = Pool.maxPool2d(foreground, new Shape(2 * r + 1, 2 * r + 1), new Shape(1, 1), new Shape(r, r), false);
		final int k = labelArrays.length;
		centroidX = new double[k];
		centroidY = new double[k];
		exemplarMean = new float[k];
		exemplarStd = new float[k];
		final List<Integer> withForeground = new ArrayList<>();
		final float[] px = exemplarImage.toFloatArray();
		final int area = size * size;
		for (int e = 0; e < k; e++) {
			double sx = 0, sy = 0;
			long n = 0;
			final int[] labelArray = labelArrays[e];
			for (int i = 0; i < labelArray.length; i++)
				if (labelArray[i] > 0) {
					sx += i % size;
					sy += i / size;
					n++;
				}
			if (n > 0) withForeground.add(e);
			centroidX[e] = n == 0 ? 0 : sx / n;
			centroidY[e] = n == 0 ? 0 : sy / n;
			double mean = 0, sq = 0;
			for (int i = e * area; i < (e + 1) * area; i++) mean += px[i];
			mean /= area;
			for (int i = e * area; i < (e + 1) * area; i++) sq += (px[i] - mean) * (px[i] - mean);
			exemplarMean[e] = (float) mean;
			exemplarStd[e] = (float) Math.max(1e-6, Math.sqrt(sq / area));
		}
		if (withForeground.isEmpty()) throw new IllegalArgumentException("the exemplar has no foreground to paste");
		sources = withForeground.stream().mapToInt(Integer::intValue).toArray();
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
		final long[] source = new long[count];
		final boolean oneSource = exemplarMean.length == 1;
		for (int b = 0; b < count; b++) {
			// with one labeled slice nothing is drawn for it: the exemplar's runs stay what they were
			final int e = oneSource ? 0 : sources[random.nextInt(sources.length)];
			source[b] = e;
			onExemplar[b] = poolSize == 0 || random.nextDouble() < settings.exemplarBackground ? 1f : 0f;
			backgroundIndex[b] = poolSize == 0 ? 0 : random.nextInt(poolSize);
			matrices[b] = drawMatrix(random, centroidX[e], centroidY[e]);
			elastic[b] = random.nextDouble() < settings.elasticProbability;
		}
		final NDArray displacement = displacement(manager, random, elastic);

		final NDArray pick = oneSource ? null : manager.create(source);
		final NDArray exImage = Scope.into(manager, oneSource ? exemplarImage.repeat(0, count) : exemplarImage.get(pick));
		final NDArray exLabels = Scope.into(manager, oneSource ? exemplarLabels.repeat(0, count) : exemplarLabels.get(pick));
		final NDArray region = Scope.into(manager, oneSource ? pasteRegion.repeat(0, count) : pasteRegion.get(pick));
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
			final NDArray matched = (oneSource ? pastedImage.sub(exemplarMean[0]).div(exemplarStd[0])
				: pastedImage.sub(perSample(manager, exemplarMean, source)).div(perSample(manager, exemplarStd, source))).mul(std).add(mean).clip(0f, 1f);
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

	/** @return {@code values[source[b]]} as a {@code (B, 1, 1, 1)} array */
	private static NDArray perSample(final NDManager manager, final float[] values, final long[] source) {
		final float[] v = new float[source.length];
		for (int b = 0; b < v.length; b++) v[b] = values[(int) source[b]];
		return manager.create(v, new Shape(v.length, 1, 1, 1));
	}

	/** Output-to-source matrix of a rotation, scale and shift of the foreground about its centroid. */
	private float[] drawMatrix(final SplittableRandom random, final double centroidX, final double centroidY) {
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
