package sc.fiji.cmems.engine.train;

import java.nio.file.Path;

/**
 * Receives the progress of a training run, on the training thread. All
 * methods do nothing by default; a listener must return quickly.
 */
public interface TrainingListener {

	/** A listener that ignores everything. */
	TrainingListener NONE = new TrainingListener() {};

	/** The run starts (after its inputs were checked and prepared). */
	default void started(final TrainingPlan plan) {}

	/** An iteration finished. */
	default void iterationDone(final IterationReport report) {}

	/** The networks were validated. */
	default void validated(final ValidationReport report) {}

	/** A checkpoint was written. */
	default void checkpointWritten(final Path file, final int iterationsDone) {}

	/** A notice for the user (e.g. which device is used and why). */
	default void message(final String text) {}
}
