package sc.fiji.cmems.engine.method;

import ai.djl.ndarray.NDArray;

import sc.fiji.cmems.engine.batch.LabeledBatch;
import sc.fiji.cmems.engine.loss.SegmentationLoss;
import sc.fiji.cmems.engine.net.NetworkOutput;

/**
 * One network trained on labeled samples only: the exemplar-only baseline
 * (weakly augmented exemplar copies) or, with synthesis, exemplar + synthetic
 * copy-paste samples. The labeled batch has the same size either way, so the
 * baselines see as many labeled samples per iteration as CMEMS.
 */
public final class SupervisedMethod implements TrainingMethod {

	private final boolean synthetic;
	private final int exemplarBatch;
	private final int syntheticBatch;

	/**
	 * @param synthetic whether part of the labeled batch is synthesised from the exemplar
	 * @param exemplarBatch exemplar copies per batch
	 * @param syntheticBatch synthetic samples per batch (exemplar copies instead when {@code synthetic} is off)
	 */
	public SupervisedMethod(final boolean synthetic, final int exemplarBatch, final int syntheticBatch) {
		this.synthetic = synthetic;
		this.exemplarBatch = exemplarBatch;
		this.syntheticBatch = syntheticBatch;
	}

	@Override
	public String name() {
		return synthetic ? TrainingMethods.SUPERVISED_SYNTHETIC : TrainingMethods.SUPERVISED;
	}

	@Override
	public int networkCount() {
		return 1;
	}

	@Override
	public boolean requiresUnlabeled() {
		return false; // synthetic samples are pasted into unlabeled slices when there are some, else into the exemplar
	}

	@Override
	public StepLoss loss(final TrainingStep step) {
		final LabeledBatch batch = synthetic ? step.labeled(exemplarBatch, syntheticBatch) : step.labeled(exemplarBatch + syntheticBatch, 0);
		final NetworkOutput out = step.networks().get(0).forward(batch.images(), true, false);
		final NDArray ce = SegmentationLoss.crossEntropy(out.logits(), batch.labels(), batch.weights(), true);
		final NDArray dice = SegmentationLoss.dice(out.logits(), batch.labels(), batch.weights());
		final NDArray total = ce.add(dice).mul(0.5f);
		return new StepLoss(total).term("sup", total).term("ce", ce).term("dice", dice);
	}
}
