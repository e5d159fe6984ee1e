package sc.fiji.cmems.engine.batch;

import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.data.UnlabeledBatch;

/**
 * Where a training step gets its batches. Training draws them with
 * {@link BatchSampler}; the benchmark and the PyTorch parity check give fixed
 * batches, so that a step's computation can be timed or compared without the
 * data drawing.
 */
public interface BatchSource {

	/**
	 * @param exemplarCopies weakly augmented copies of the exemplar
	 * @param synthetic synthetic samples (also weakly augmented)
	 * @return a batch whose arrays belong to {@code manager}
	 */
	LabeledBatch labeled(NDManager manager, SplittableRandom random, int exemplarCopies, int synthetic);

	/** @return {@code count} weakly augmented slices of the labeled pool, in {@code manager} */
	LabeledBatch labeledFromPool(NDManager manager, SplittableRandom random, int count);

	/**
	 * @param count number of unlabeled slices
	 * @param withStrongViews also the strong views and their CutMix
	 * @return a batch whose arrays belong to {@code manager}
	 */
	UnlabeledBatch unlabeled(NDManager manager, SplittableRandom random, int count, boolean withStrongViews);
}
