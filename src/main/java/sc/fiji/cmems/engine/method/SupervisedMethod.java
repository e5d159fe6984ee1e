package sc.fiji.cmems.engine.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.Arrays;

import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.loss.SegmentationLoss;
import sc.fiji.cmems.engine.net.NetworkOutput;
import sc.fiji.cmems.engine.tensor.Scope;

/**
 * One network trained on labeled samples only: the exemplar-only baseline
 * (weakly augmented exemplar copies), exemplar + synthetic copy-paste samples,
 * or the fully supervised upper bound (samples of a pool of labeled images).
 * The labeled batch has the same size in every case, so the baselines see as
 * many labeled samples per iteration as CMEMS.
 */
public final class SupervisedMethod implements TrainingMethod {

	/** Where the labeled samples come from. */
	public enum Source {
		/** Copies of the exemplar. */
		EXEMPLAR,
		/** Copies of the exemplar and samples synthesised from it. */
		EXEMPLAR_AND_SYNTHETIC,
		/** A pool of labeled images (the upper bound, not a one-exemplar method). */
		LABELED_POOL
	}

	/** The exemplar-only baseline (the benchmark's reference). */
	public static final MethodDescriptor EXEMPLAR_ONLY = descriptor("supervised", "exemplar only",
		"one network trained on augmented copies of the exemplar alone (the baseline)", Source.EXEMPLAR).build();
	/** Exemplar and synthetic samples. */
	public static final MethodDescriptor WITH_SYNTHETIC = descriptor("supervised-synthetic", "+ synthetic",
		"one network trained on the exemplar and synthetic samples made from it", Source.EXEMPLAR_AND_SYNTHETIC).build();
	/** The upper bound of the benchmark: every labeled image of a pool. */
	public static final MethodDescriptor FULLY_SUPERVISED = descriptor("fully-supervised", "fully supervised (upper bound)",
		"one network trained on a pool of labeled images (the benchmark's upper bound)", Source.LABELED_POOL).notOffered().needsLabeledPool().build();

	private static MethodDescriptor.Builder descriptor(final String name, final String label, final String description, final Source source) {
		return MethodDescriptor.named(name).label(label).description(description) //
			.term("sup", "supervised", MethodDescriptor.Role.SUPERVISED) //
			.term("ce", "cross-entropy", MethodDescriptor.Role.PART) //
			.term("dice", "Dice loss", MethodDescriptor.Role.PART) //
			.factory(a -> new SupervisedMethod(source, a.exemplarBatch, a.syntheticBatch));
	}

	private final Source source;
	private final int exemplarBatch;
	private final int syntheticBatch;

	/**
	 * @param exemplarBatch exemplar copies per batch
	 * @param syntheticBatch synthetic samples per batch (more exemplar copies, or pool samples, for the other sources)
	 */
	public SupervisedMethod(final Source source, final int exemplarBatch, final int syntheticBatch) {
		this.source = source;
		this.exemplarBatch = exemplarBatch;
		this.syntheticBatch = syntheticBatch;
	}

	@Override
	public MethodDescriptor descriptor() {
		return source == Source.EXEMPLAR ? EXEMPLAR_ONLY : source == Source.EXEMPLAR_AND_SYNTHETIC ? WITH_SYNTHETIC : FULLY_SUPERVISED;
	}

	@Override
	public int networkCount() {
		return 1;
	}

	@Override
	public StepLoss loss(final TrainingStep step) {
		final LabeledBatch batch;
		switch (source) {
			case EXEMPLAR_AND_SYNTHETIC:
				batch = step.labeled(exemplarBatch, syntheticBatch);
				break;
			case LABELED_POOL:
				batch = step.labeledFromPool(exemplarBatch + syntheticBatch);
				break;
			default:
				batch = step.labeled(exemplarBatch + syntheticBatch, 0);
		}
		final NetworkOutput out = step.networks().get(0).forward(batch.images(), true, false);
		// the losses' full-size intermediates are freed at once, only the scalars are kept
		final NDList losses = Scope.keepOnly(Arrays.asList(out.logits(), batch.labels(), batch.weights()), () -> {
			final NDArray ce = SegmentationLoss.crossEntropy(out.logits(), batch.labels(), batch.weights(), true);
			final NDArray dice = SegmentationLoss.dice(out.logits(), batch.labels(), batch.weights());
			return new NDList(SegmentationLoss.combined(ce, dice), ce, dice);
		});
		out.close(); // used up: not held through the backward pass (NetworkOutput.close)
		return new StepLoss(losses.get(0)).term("sup", losses.get(0)).term("ce", losses.get(1)).term("dice", losses.get(2));
	}
}
