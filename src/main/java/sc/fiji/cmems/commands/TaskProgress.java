package sc.fiji.cmems.commands;

import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.IntConsumer;

import org.scijava.app.StatusService;
import org.scijava.task.Task;
import org.scijava.task.TaskService;

import sc.fiji.cmems.engine.train.IterationReport;
import sc.fiji.cmems.engine.train.TrainingListener;
import sc.fiji.cmems.engine.train.TrainingPlan;
import sc.fiji.cmems.report.ProgressPrinter;

/**
 * Reports long work through SciJava: a {@link Task} (progress and cancel, shown
 * by Fiji's task monitor) and the status bar. A canceled task is a stop
 * request, as the training window's Stop button.
 */
final class TaskProgress implements TrainingListener {

	private final Task task;
	private final StatusService status;
	private long lastStatus;

	/** @param taskService or null; status or null */
	TaskProgress(final TaskService taskService, final StatusService status, final String name) {
		this.task = taskService == null ? null : taskService.createTask(name);
		this.status = status;
		if (task != null) task.start();
	}

	/** @return whether the user canceled the task */
	boolean canceled() {
		return task != null && task.isCanceled();
	}

	/**
	 * @param total the number of steps
	 * @param what what is counted, e.g. "segmented slices"
	 * @return a callback for the number of steps done: reports progress, and
	 *         stops the work by throwing a {@link CancellationException} once
	 *         the user has canceled the task
	 */
	IntConsumer steps(final int total, final String what) {
		return done -> {
			progress(done, total, "CMEMS: " + what + " " + done + " of " + total);
			if (canceled()) throw new CancellationException("canceled after " + done + " of " + total + " " + what);
		};
	}

	/** Sets the progress of work counted in steps. */
	void progress(final long done, final long total, final String message) {
		if (task != null) {
			task.setProgressMaximum(total);
			task.setProgressValue(done);
			task.setStatusMessage(message);
		}
		final long now = System.nanoTime();
		if (status != null && (now - lastStatus > 250_000_000L || done == total)) {
			lastStatus = now;
			status.showStatus((int) Math.min(Integer.MAX_VALUE, done), (int) Math.min(Integer.MAX_VALUE, total), message);
		}
	}

	@Override
	public void started(final TrainingPlan plan) {
		progress(plan.startIteration(), plan.iterations(), "CMEMS: training " + plan.method() + " on " + plan.device());
	}

	@Override
	public void iterationDone(final IterationReport r) {
		progress(r.iteration(), r.iterations(),
			String.format(Locale.ROOT, "CMEMS training: iteration %d/%d, loss %.3f, %s", r.iteration(), r.iterations(), r.loss(), ProgressPrinter.timeLeft(r.remainingSeconds())));
	}

	/** Ends the task and clears the status bar. */
	void finish() {
		if (task != null) task.finish();
		if (status != null) status.clearStatus();
	}
}
