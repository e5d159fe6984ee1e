package sc.fiji.cmems.engine.train;

import java.util.Collections;
import java.util.List;

import sc.fiji.cmems.engine.model.SegmentationModel;

/**
 * What a training run produced: the model to keep (the best by validation
 * Dice when there was a validation set, else the last), and the run's
 * history. The caller owns (and closes) the model.
 */
public final class TrainingResult {

	private final SegmentationModel model;
	private final int iterationsDone;
	private final boolean stopped;
	private final List<IterationReport> history;
	private final List<ValidationReport> validations;
	private final double seconds;

	public TrainingResult(final SegmentationModel model, final int iterationsDone, final boolean stopped, final List<IterationReport> history,
		final List<ValidationReport> validations, final double seconds)
	{
		this.model = model;
		this.iterationsDone = iterationsDone;
		this.stopped = stopped;
		this.history = Collections.unmodifiableList(history);
		this.validations = Collections.unmodifiableList(validations);
		this.seconds = seconds;
	}

	public SegmentationModel model() {
		return model;
	}

	public int iterationsDone() {
		return iterationsDone;
	}

	/** @return whether the run was stopped before its last iteration */
	public boolean stopped() {
		return stopped;
	}

	/** @return one report per iteration run in this call */
	public List<IterationReport> history() {
		return history;
	}

	public List<ValidationReport> validations() {
		return validations;
	}

	/** @return wall time of this call */
	public double seconds() {
		return seconds;
	}
}
