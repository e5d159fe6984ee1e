package sc.fiji.cmems.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.cmems.engine.train.IterationReport;
import sc.fiji.cmems.engine.train.TrainingListener;
import sc.fiji.cmems.engine.train.TrainingPlan;
import sc.fiji.cmems.engine.train.ValidationReport;

/** Several listeners as one (e.g. a window and the status bar). */
public final class TrainingListeners implements TrainingListener {

	private final List<TrainingListener> listeners = new ArrayList<>();

	private TrainingListeners(final List<TrainingListener> listeners) {
		for (final TrainingListener l : listeners)
			if (l != null) this.listeners.add(l);
	}

	/** @param listeners nulls are left out */
	public static TrainingListener of(final TrainingListener... listeners) {
		return new TrainingListeners(Arrays.asList(listeners));
	}

	@Override
	public void started(final TrainingPlan plan) {
		for (final TrainingListener l : listeners) l.started(plan);
	}

	@Override
	public void iterationDone(final IterationReport report) {
		for (final TrainingListener l : listeners) l.iterationDone(report);
	}

	@Override
	public void validated(final ValidationReport report) {
		for (final TrainingListener l : listeners) l.validated(report);
	}

	@Override
	public void checkpointWritten(final Path file, final int iterationsDone) {
		for (final TrainingListener l : listeners) l.checkpointWritten(file, iterationsDone);
	}

	@Override
	public void message(final String text) {
		for (final TrainingListener l : listeners) l.message(text);
	}
}
