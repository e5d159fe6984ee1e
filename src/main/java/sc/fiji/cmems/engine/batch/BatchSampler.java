package sc.fiji.cmems.engine.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.SplittableRandom;

import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.data.TrainingData;
import sc.fiji.cmems.engine.data.UnlabeledBatch;
import sc.fiji.cmems.engine.perturb.AugmentationSettings;
import sc.fiji.cmems.engine.perturb.CutMix;
import sc.fiji.cmems.engine.perturb.StrongAugmentation;
import sc.fiji.cmems.engine.perturb.StructureContraction;
import sc.fiji.cmems.engine.perturb.WeakAugmentation;
import sc.fiji.cmems.engine.synth.ExemplarSynthesizer;
import sc.fiji.cmems.engine.synth.SynthesisSettings;
import sc.fiji.cmems.engine.tensor.Scope;
import sc.fiji.cmems.engine.tensor.Warp;

/**
 * Draws the batches of one iteration, on the training device: weakly
 * augmented exemplar copies and synthetic samples, and weak/strong views of
 * unlabeled slices. All randomness comes from the iteration's generator, so a
 * batch is a pure function of (seed, iteration).
 */
public final class BatchSampler implements BatchSource {

	private final TrainingData data;
	private final AugmentationSettings augmentation;
	private final WeakAugmentation weak;
	private final StrongAugmentation strong;
	private final ExemplarSynthesizer synthesizer;
	private final StructureContraction contraction;

	public BatchSampler(final TrainingData data, final AugmentationSettings augmentation, final SynthesisSettings synthesis) {
		augmentation.check();
		this.data = data;
		this.augmentation = augmentation;
		this.weak = new WeakAugmentation(augmentation);
		this.strong = new StrongAugmentation(augmentation);
		this.synthesizer = new ExemplarSynthesizer(synthesis, data.exemplarImage(), data.exemplarLabels(), data.exemplarLabelArrays());
		this.contraction = new StructureContraction(augmentation);
	}

	/**
	 * @param exemplarCopies weakly augmented copies of the exemplar (of slices of the labeled set, drawn at random)
	 * @param synthetic synthetic samples (also weakly augmented)
	 */
	@Override
	public LabeledBatch labeled(final NDManager manager, final SplittableRandom random, final int exemplarCopies, final int synthetic) {
		LabeledBatch batch = null;
		if (exemplarCopies > 0) {
			final int k = data.labeledCount();
			NDArray pick = null;
			if (k > 1) { // a labeled set: each copy one of its slices (with one exemplar nothing is drawn)
				final long[] index = new long[exemplarCopies];
				for (int i = 0; i < exemplarCopies; i++) index[i] = random.nextInt(k);
				pick = manager.create(index);
			}
			final NDArray images = Scope.into(manager, pick == null ? data.exemplarImage().repeat(0, exemplarCopies) : data.exemplarImage().get(pick));
			final NDArray labels = Scope.into(manager, pick == null ? data.exemplarLabels().repeat(0, exemplarCopies) : data.exemplarLabels().get(pick))
				.squeeze(1).toType(DataType.INT64, false);
			batch = new LabeledBatch(images, labels, labels.onesLike().toType(DataType.FLOAT32, false));
		}
		if (synthetic > 0) {
			final LabeledBatch s = synthesizer.generate(manager, random, synthetic, data.pool());
			batch = batch == null ? s : LabeledBatch.concat(batch, s);
		}
		if (batch == null) throw new IllegalArgumentException("a labeled batch needs at least one sample");
		if (contraction.enabled()) batch = contract(batch, manager, random);
		return augment(batch, random);
	}

	/**
	 * @param count labeled slices drawn from the labeled pool (the fully
	 *          supervised upper bound), weakly augmented
	 */
	@Override
	public LabeledBatch labeledFromPool(final NDManager manager, final SplittableRandom random, final int count) {
		final int n = data.labeledPoolSize();
		if (n == 0) throw new IllegalStateException("no labeled pool to sample from");
		final long[] index = new long[count];
		for (int i = 0; i < count; i++) index[i] = random.nextInt(n);
		final NDArray pick = manager.create(index);
		final NDArray images = Scope.into(manager, data.labeledPoolImages().get(pick));
		final NDArray labels = Scope.into(manager, data.labeledPoolLabels().get(pick)).squeeze(1).toType(DataType.INT64, false);
		return augment(new LabeledBatch(images, labels, labels.onesLike().toType(DataType.FLOAT32, false)), random);
	}

	/**
	 * @param count number of unlabeled slices
	 * @param withStrongViews also draw the strong views and their CutMix
	 */
	@Override
	public UnlabeledBatch unlabeled(final NDManager manager, final SplittableRandom random, final int count, final boolean withStrongViews) {
		final int n = data.poolSize();
		if (n == 0) throw new IllegalStateException("no unlabeled slices to sample from");
		final long[] index = new long[count];
		if (n >= count) {
			// distinct slices: a partial Fisher-Yates shuffle over a virtual identity array
			final java.util.HashMap<Integer, Integer> swapped = new java.util.HashMap<>();
			for (int i = 0; i < count; i++) {
				final int j = i + random.nextInt(n - i);
				final int vi = swapped.getOrDefault(i, i), vj = swapped.getOrDefault(j, j);
				swapped.put(j, vi);
				index[i] = vj;
			}
		}
		else for (int i = 0; i < count; i++) index[i] = random.nextInt(n);
		final NDArray slices = Scope.into(manager, data.pool().get(manager.create(index)));
		final NDArray weakViews = Warp.apply(slices, weak.drawMatrices(random, count, data.size()), null, Warp.Interpolation.BILINEAR, 0f);
		if (!withStrongViews) return new UnlabeledBatch(weakViews, null, null);
		final NDArray photometric = strong.apply(weakViews, random);
		final CutMix cutMix = CutMix.draw(augmentation, random, count, data.size(), manager);
		return new UnlabeledBatch(weakViews, cutMix.mixImages(photometric), cutMix);
	}

	/** Each sample, with {@code augmentation.contractionProbability}, with one of its structures contracted. */
	private LabeledBatch contract(final LabeledBatch batch, final NDManager manager, final SplittableRandom random) {
		final int n = batch.size(), size = data.size();
		final NDArray displacement = contraction.displacement(manager, random, batch.labels().toType(DataType.INT32, false).toIntArray(), n, size, size,
			data.classes());
		final float[][] identity = new float[n][];
		for (int i = 0; i < n; i++) identity[i] = new float[] { 1, 0, 0, 0, 1, 0 };
		final NDArray images = Warp.apply(batch.images(), identity, displacement, Warp.Interpolation.BILINEAR, 0f);
		final NDArray maps = NDArrays.concat(new NDList(batch.labels().toType(DataType.FLOAT32, false).expandDims(1), batch.weights().expandDims(1)), 1);
		final NDArray warped = Warp.apply(maps, identity, displacement, Warp.Interpolation.NEAREST, 0f);
		return new LabeledBatch(images, warped.get(":, 0").round().toType(DataType.INT64, false), warped.get(":, 1"));
	}

	private LabeledBatch augment(final LabeledBatch batch, final SplittableRandom random) {
		final int n = batch.size();
		final float[][] matrices = weak.drawMatrices(random, n, data.size());
		final NDArray images = Warp.apply(batch.images(), matrices, null, Warp.Interpolation.BILINEAR, 0f);
		final NDArray maps = NDArrays.concat(new NDList(batch.labels().toType(DataType.FLOAT32, false).expandDims(1),
			batch.weights().expandDims(1), batch.weights().onesLike().expandDims(1)), 1);
		final NDArray warped = Warp.apply(maps, matrices, null, Warp.Interpolation.NEAREST, 0f);
		// outside the source image the augmented image is black: known background
		final NDArray outside = warped.get(":, 2").neg().add(1f);
		return new LabeledBatch(images, warped.get(":, 0").round().toType(DataType.INT64, false), warped.get(":, 1").add(outside));
	}
}
