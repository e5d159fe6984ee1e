package sc.fiji.cmems.engine.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.data.UnlabeledBatch;
import sc.fiji.cmems.engine.perturb.CutMix;

/**
 * Batches drawn once by the real {@link BatchSampler} and handed out again in
 * every step (copies in the step's scope, so nothing of a step outlives it):
 * the step's network, loss and optimiser work can then be timed without the
 * data drawing (the speed bench), compared with the PyTorch twin on the very
 * same inputs (the parity check), or repeated on one batch (the method
 * contract test: the loss must go down).
 */
public final class FixedBatches implements BatchSource {

	private final LabeledBatch labeled;
	private final UnlabeledBatch unlabeled;

	private FixedBatches(final LabeledBatch labeled, final UnlabeledBatch unlabeled) {
		this.labeled = labeled;
		this.unlabeled = unlabeled;
	}

	/**
	 * Draws the batches with generator seeds {@code seed, seed + 1, ...} until
	 * the strong views mix at least one CutMix box (when {@code needCutMix}),
	 * so that the CutMix path is always exercised; deterministic.
	 *
	 * @param owner the long-lived manager the batches belong to; only the
	 *        batches stay in it (drawing's temporaries held about 0.27 GB at
	 *        256x256 in the bench's memory pass, BENCHMARKS.md,
	 *        memory that the training loop, which draws in each iteration's
	 *        scope, never holds between iterations)
	 * @param unlabeledCount 0 for a supervised workload
	 */
	public static FixedBatches draw(final BatchSampler sampler, final NDManager owner, final long seed, final int exemplarCopies,
		final int synthetic, final int unlabeledCount, final boolean needCutMix)
	{
		final LabeledBatch l;
		try (NDManager drawing = owner.newSubManager()) { // the synthesis's temporaries go with it
			final LabeledBatch drawn = sampler.labeled(drawing, new SplittableRandom(seed), exemplarCopies, synthetic);
			l = copy(drawn, owner);
		}
		if (unlabeledCount == 0) return new FixedBatches(l, null);
		for (long s = seed; s < seed + 1000; s++) {
			try (NDManager attempt = owner.newSubManager()) {
				final UnlabeledBatch u = sampler.unlabeled(attempt, new SplittableRandom(s), unlabeledCount, true);
				if (needCutMix && !u.cutMix().mixesAnything()) continue;
				return new FixedBatches(l, new UnlabeledBatch(copy(u.weak(), owner), copy(u.strong(), owner), u.cutMix().copyTo(owner)));
			}
		}
		throw new IllegalStateException("no CutMix drawn in 1000 attempts; is cutMixProbability 0?");
	}

	public LabeledBatch labeledBatch() {
		return labeled;
	}

	/** @return the unlabeled batch, or null for a supervised workload */
	public UnlabeledBatch unlabeledBatch() {
		return unlabeled;
	}

	@Override
	public LabeledBatch labeled(final NDManager manager, final SplittableRandom random, final int exemplarCopies, final int synthetic) {
		return labeledCopy(manager, exemplarCopies + synthetic);
	}

	@Override
	public LabeledBatch labeledFromPool(final NDManager manager, final SplittableRandom random, final int count) {
		return labeledCopy(manager, count);
	}

	@Override
	public UnlabeledBatch unlabeled(final NDManager manager, final SplittableRandom random, final int count, final boolean withStrongViews) {
		if (unlabeled == null || count != unlabeled.size())
			throw new IllegalStateException("fixed unlabeled batch has " + (unlabeled == null ? 0 : unlabeled.size()) + " samples, the method asked for " + count);
		if (!withStrongViews) return new UnlabeledBatch(copy(unlabeled.weak(), manager), null, null);
		final CutMix mix = unlabeled.cutMix().copyTo(manager);
		return new UnlabeledBatch(copy(unlabeled.weak(), manager), copy(unlabeled.strong(), manager), mix);
	}

	private LabeledBatch labeledCopy(final NDManager manager, final int count) {
		if (count != labeled.size()) throw new IllegalStateException("fixed labeled batch has " + labeled.size() + " samples, the method asked for " + count);
		return copy(labeled, manager);
	}

	private static LabeledBatch copy(final LabeledBatch b, final NDManager manager) {
		return new LabeledBatch(copy(b.images(), manager), copy(b.labels(), manager), copy(b.weights(), manager));
	}

	private static NDArray copy(final NDArray a, final NDManager manager) {
		final NDArray c = a.duplicate();
		c.attach(manager);
		return c;
	}
}
