package sc.fiji.cmems.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

import sc.fiji.cmems.engine.train.TrainingException;
import sc.fiji.cmems.engine.train.TrainingSettings;

/**
 * The command line: {@code cmems <command> key=value ...} for headless batch
 * work. Exit status 0 on success, 2 for bad arguments or input (the message
 * says which), 1 for other failures.
 */
public final class Main {

	private static final String USAGE = "usage: cmems <command> [key=value ...]\n\ncommands:\n"
		+ "  demo      train CMEMS and the exemplar-only baseline on the embedded synthetic data and compare them\n"
		+ "            " + DemoCommand.USAGE + "\n"
		+ "  train     " + TrainCommand.USAGE + "\n"
		+ "  segment   " + SegmentCommand.USAGE + "\n"
		+ "  benchmark " + BenchmarkCommand.USAGE + "\n"
		+ "  ceiling   " + CeilingCommand.USAGE + "\n"
		+ "  bench     " + BenchCommand.USAGE + "\n"
		+ "  parity    " + ParityCommand.USAGE + "\n"
		+ "  info      cmems info model=<file.cmems>\n"
		+ "  device    cmems device [device=auto]: which device training would use, and why\n"
		+ "  settings  cmems settings: every training setting with its default\n"
		+ "  run       " + RunCommand.USAGE + "\n"
		+ "            runs a Fiji command headless, e.g. cmems run \"Segment Folder\" \"model=m.cmems,input=in,output=out\"\n";

	private Main() {}

	public static void main(final String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** @return the exit status */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(USAGE);
			return args.length == 0 ? 2 : 0;
		}
		try {
			if (args[0].equals("run")) return RunCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
			final Arguments a = new Arguments(Arrays.copyOfRange(args, 1, args.length));
			final int status;
			switch (args[0]) {
				case "demo":
					status = DemoCommand.run(a, out);
					break;
				case "train":
					status = TrainCommand.run(a, out);
					break;
				case "segment":
					status = SegmentCommand.run(a, out);
					break;
				case "benchmark":
					status = BenchmarkCommand.run(a, out);
					break;
				case "ceiling":
					status = CeilingCommand.run(a, out);
					break;
				case "bench":
					status = BenchCommand.run(a, "cmems " + String.join(" ", args), out);
					break;
				case "parity":
					status = ParityCommand.run(a, out);
					break;
				case "info":
					status = InfoCommands.info(a, out);
					break;
				case "device":
					status = InfoCommands.device(a, out);
					break;
				case "settings":
					out.println(new TrainingSettings());
					status = 0;
					break;
				default:
					err.println("unknown command '" + args[0] + "'\n");
					err.print(USAGE);
					return 2;
			}
			final Map<String, String> unused = a.unused();
			if (!unused.isEmpty()) err.println("warning: these arguments were not used: " + unused);
			return status;
		}
		catch (final IllegalArgumentException e) { // includes InvalidInputException
			err.println("error: " + e.getMessage());
			return 2;
		}
		catch (final TrainingException e) {
			err.println("training failed: " + e.getMessage());
			return 1;
		}
		catch (final java.io.IOException e) {
			err.println("error: " + e.getMessage());
			return 1;
		}
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
