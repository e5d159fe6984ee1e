package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.train.TrainingException;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.io.formats.ImageFormatException;
import sc.fiji.cmems.jobs.Arguments;

/**
 * The command line: {@code cmems <command> key=value ...} for headless batch
 * work. Exit status 0 on success; 2 for a bad argument or input (an unknown
 * key, a value out of range, a file that is missing or cannot be read, a
 * damaged model, a folder run in which files failed; the message names it);
 * 1 for other failures (a bug, a failing disk, training that diverged).
 */
public final class Main {

	/** The exit status for a bad argument or input: a value, a missing, damaged or unsuitable file. */
	static final int BAD_INPUT = 2;
	/** The exit status for every other failure. */
	static final int FAILED = 1;

	/** The training settings that commands which train take, in words for messages. */
	private static final String SETTINGS = "any training setting by name ('cmems settings' lists them)";

	private static final String USAGE = "usage: cmems <command> [key=value ...]\n\ncommands:\n"
		+ "  demo      train CMEMS and the exemplar-only baseline on the embedded synthetic data and compare them\n"
		+ "            " + DemoCommand.USAGE + "\n"
		+ "  train     " + TrainCommand.USAGE + "\n"
		+ "  segment   " + SegmentCommand.USAGE + "\n"
		+ "  finalize  " + FinalizeCommand.USAGE + "\n"
		+ "  export    " + ExportCommand.USAGE + "\n"
		+ "  benchmark " + BenchmarkCommand.USAGE + "\n"
		+ "  ceiling   " + CeilingCommand.USAGE + "\n"
		+ "  bench     " + BenchCommand.USAGE + "\n"
		+ "  parity    " + ParityCommand.USAGE + "\n"
		+ "  info      " + InfoCommands.INFO_USAGE + "\n"
		+ "  device    " + InfoCommands.DEVICE_USAGE + "\n"
		+ "  settings  cmems settings: the training methods, and every training setting with its default\n"
		+ "  run       " + RunCommand.USAGE + "\n"
		+ "            runs a Fiji command headless, e.g. cmems run \"Segment Folder\" \"model=m.cmems,input=in,output=out\"\n"
		+ "\nexit status: 0 done, 2 a bad argument or input (the message names it), 1 any other failure\n";

	private Main() {}

	public static void main(final String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** @return the exit status */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(USAGE);
			return args.length == 0 ? BAD_INPUT : 0;
		}
		try {
			if (args[0].equals("run")) return RunCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
			final Arguments a = new Arguments(Arrays.copyOfRange(args, 1, args.length));
			final String command = "cmems " + args[0];
			final int status;
			// each command first refuses the keys it does not take, so that a misspelt one stops it before any work
			switch (args[0]) {
				case "demo":
					a.requireOnly(command, DemoCommand.KEYS, TrainingSettings::isSetting, SETTINGS);
					status = DemoCommand.run(a, out);
					break;
				case "train":
					a.requireOnly(command, TrainCommand.KEYS, TrainingSettings::isSetting, SETTINGS);
					status = TrainCommand.run(a, out);
					break;
				case "segment":
					a.requireOnly(command, SegmentCommand.KEYS);
					status = SegmentCommand.run(a, out);
					break;
				case "finalize":
					a.requireOnly(command, FinalizeCommand.KEYS);
					status = FinalizeCommand.run(a, out);
					break;
				case "export":
					a.requireOnly(command, ExportCommand.KEYS);
					status = ExportCommand.run(a, out);
					break;
				case "benchmark":
					a.requireOnly(command, BenchmarkCommand.KEYS, TrainingSettings::isSetting, SETTINGS);
					status = BenchmarkCommand.run(a, out);
					break;
				case "ceiling":
					a.requireOnly(command, CeilingCommand.KEYS);
					status = CeilingCommand.run(a, out);
					break;
				case "bench":
					a.requireOnly(command, BenchCommand.KEYS);
					status = BenchCommand.run(a, "cmems " + String.join(" ", args), out);
					break;
				case "parity":
					a.requireOnly(command, ParityCommand.KEYS);
					status = ParityCommand.run(a, out);
					break;
				case "info":
					a.requireOnly(command, InfoCommands.INFO_KEYS);
					status = InfoCommands.info(a, out);
					break;
				case "device":
					a.requireOnly(command, InfoCommands.DEVICE_KEYS);
					status = InfoCommands.device(a, out);
					break;
				case "settings":
					a.requireOnly(command, List.of());
					out.print("methods (method=...):\n" + TrainingMethods.describe() + "\nsettings, with their defaults (name=value; nested: cmems.threshold=0.9):\n");
					out.println(new TrainingSettings());
					status = 0;
					break;
				default:
					err.println("unknown command '" + args[0] + "'\n");
					err.print(USAGE);
					return BAD_INPUT;
			}
			final Map<String, String> unused = a.unused();
			if (!unused.isEmpty()) err.println("warning: these arguments were not used: " + unused);
			return status;
		}
		catch (final TrainingException e) {
			err.println("training failed: " + e.getMessage());
			return FAILED;
		}
		catch (final IOException | RuntimeException e) {
			if (isBadInput(e)) {
				err.println("error: " + message(e));
				return BAD_INPUT;
			}
			if (e instanceof IOException) err.println("error: " + message(e));
			else {
				err.println("internal error: " + e);
				e.printStackTrace(err); // a bug: where it happened helps whoever fixes it
			}
			return FAILED;
		}
	}

	/**
	 * @return whether {@code e} is about what the user gave: a value (an
	 *         IllegalArgumentException, InvalidInputException included), or a
	 *         file that is missing, not a folder, unreadable, or not an image or
	 *         model this plugin can use
	 */
	static boolean isBadInput(final Throwable e) {
		if (e instanceof UncheckedIOException) return isBadInput(e.getCause());
		return e instanceof IllegalArgumentException || e instanceof ImageFormatException || e instanceof ModelBundle.BundleException
			|| e instanceof NoSuchFileException || e instanceof NotDirectoryException || e instanceof AccessDeniedException;
	}

	/** @return the message, with what a file system exception leaves out */
	private static String message(final Throwable e) {
		if (e instanceof UncheckedIOException) return message(e.getCause());
		if (e instanceof FileSystemException && ((FileSystemException) e).getReason() == null) {
			final String file = ((FileSystemException) e).getFile();
			if (e instanceof NoSuchFileException) return file + ": no such file or folder";
			if (e instanceof NotDirectoryException) return file + ": not a folder";
			if (e instanceof AccessDeniedException) return file + ": permission denied";
		}
		return e.getMessage() == null ? e.toString() : e.getMessage();
	}

	/**
	 * Applies every argument that names a training setting (e.g.
	 * {@code cmems.threshold=0.9}, {@code learningRate=0.005}).
	 */
	static void applySettings(final Arguments args, final TrainingSettings settings) {
		for (final Map.Entry<String, String> e : args.unused().entrySet()) {
			if (TrainingSettings.isSetting(e.getKey())) {
				settings.set(e.getKey(), e.getValue());
				args.markUsed(e.getKey());
			}
		}
	}
}
