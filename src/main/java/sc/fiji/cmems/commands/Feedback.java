package sc.fiji.cmems.commands;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import org.scijava.Cancelable;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

import sc.fiji.cmems.engine.train.TrainingException;

/**
 * How the commands tell the user what went wrong: the command is canceled with
 * the message (so callers such as the command line and the ImageJ 1.x bridge
 * see it), and the message is shown in a dialog when there is a user
 * interface, else printed to the console. Never a stack trace alone.
 */
final class Feedback {

	static final String TITLE = "CMEMS Segmentation";

	/**
	 * Set (on the thread that runs a command) by callers that show the cancel
	 * reason themselves, such as {@link CommandRunner}.
	 */
	static final ThreadLocal<Boolean> CALLER_REPORTS = ThreadLocal.withInitial(() -> false);

	/** What made the last command on this thread fail, for callers that report it ({@link CommandRunner}); null when none was given. */
	static final ThreadLocal<Throwable> CAUSE = new ThreadLocal<>();

	private Feedback() {}

	/** @return whether windows may be opened (a display, and SciJava not told to run headless) */
	static boolean windowsAllowed(final UIService ui) {
		return ui != null && !ui.isHeadless();
	}

	/**
	 * Cancels the command with {@code message} and shows it, or leaves both to
	 * a caller that reports it, with {@code cause} (the command line's exit
	 * status tells bad input from other failures by it).
	 */
	static void fail(final Cancelable command, final UIService ui, final String message, final Throwable cause) {
		command.cancel(message);
		if (CALLER_REPORTS.get()) {
			CAUSE.set(cause);
			return;
		}
		if (ui != null && !ui.isHeadless() && ui.getDefaultUI() != null) ui.showDialog(message, TITLE, DialogPrompt.MessageType.ERROR_MESSAGE);
		else if (ui == null || ui.isHeadless()) System.err.println(TITLE + ": " + message);
		// else: no SciJava user interface (plain ImageJ 1.x): the bridge shows the cancel reason
	}

	/** Cancels with a message made from an exception. */
	static void fail(final Cancelable command, final UIService ui, final Throwable e) {
		fail(command, ui, describe(e), e);
	}

	/** @return a sentence for the user: the exception's message, with the file named for file errors */
	static String describe(final Throwable e) {
		if (e instanceof NoSuchFileException) {
			final NoSuchFileException n = (NoSuchFileException) e;
			return (n.getReason() == null ? "no such file" : n.getReason()) + ": " + n.getFile();
		}
		if (e instanceof AccessDeniedException) return "cannot access " + ((AccessDeniedException) e).getFile();
		if (e instanceof TrainingException) return "training failed: " + e.getMessage();
		if (e instanceof java.util.concurrent.CancellationException) return e.getMessage();
		if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) return e.getMessage();
		return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
	}
}
