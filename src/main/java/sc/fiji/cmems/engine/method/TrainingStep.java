package sc.fiji.cmems.engine.method;

import ai.djl.ndarray.NDManager;

import java.util.List;
import java.util.SplittableRandom;

import sc.fiji.cmems.engine.batch.BatchSampler;
import sc.fiji.cmems.engine.batch.BatchSource;
import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.data.UnlabeledBatch;
import sc.fiji.cmems.engine.net.SegmentationNetwork;

/**
 * What a {@link TrainingMethod} sees of one iteration: its position in the
 * schedule, the networks, the data (drawn on demand), a generator and the
 * iteration's memory scope. Everything created here is freed when the
 * iteration ends.
 */
public final class TrainingStep {

	private final int iteration;
	private final int iterations;
	private final NDManager manager;
	private final SplittableRandom random;
	private final List<SegmentationNetwork> networks;
	private final BatchSource sampler;

	public TrainingStep(final int iteration, final int iterations, final NDManager manager, final SplittableRandom random,
		final List<SegmentationNetwork> networks, final BatchSource sampler)
	{
		this.iteration = iteration;
		this.iterations = iterations;
		this.manager = manager;
		this.random = random;
		this.networks = networks;
		this.sampler = sampler;
	}

	/** Same as the {@link BatchSource} constructor; keeps classes compiled against this signature working. */
	public TrainingStep(final int iteration, final int iterations, final NDManager manager, final SplittableRandom random,
		final List<SegmentationNetwork> networks, final BatchSampler sampler)
	{
		this(iteration, iterations, manager, random, networks, (BatchSource) sampler);
	}

	/** @return 0-based iteration */
	public int iteration() {
		return iteration;
	}

	/** @return total iterations of the run */
	public int iterations() {
		return iterations;
	}

	/** @return the iteration's scope: every array created in the step belongs here */
	public NDManager manager() {
		return manager;
	}

	/** @return the iteration's generator, a pure function of (seed, iteration) */
	public SplittableRandom random() {
		return random;
	}

	public List<SegmentationNetwork> networks() {
		return networks;
	}

	/** @return weakly augmented exemplar copies followed by synthetic samples */
	public LabeledBatch labeled(final int exemplarCopies, final int synthetic) {
		return sampler.labeled(manager, random, exemplarCopies, synthetic);
	}

	/** @return weakly augmented slices of the labeled pool (fully supervised training) */
	public LabeledBatch labeledFromPool(final int count) {
		return sampler.labeledFromPool(manager, random, count);
	}

	/** @return weak (and, if asked, strong + CutMix) views of unlabeled slices */
	public UnlabeledBatch unlabeled(final int count, final boolean withStrongViews) {
		return sampler.unlabeled(manager, random, count, withStrongViews);
	}
}
