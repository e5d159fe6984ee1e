package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.cmems.bench.Parity;
import sc.fiji.cmems.bench.PytorchTwin;
import sc.fiji.cmems.io.OutputPaths;
import sc.fiji.cmems.jobs.Arguments;

/** {@code cmems parity}: the engine and the PyTorch twin compute the same CMEMS step on the same weights and inputs. */
final class ParityCommand {

	static final String USAGE = "cmems parity [size=64] [labeled=4] [unlabeled=4] [seed=1] [upsample=interpolate,matmul] [python=/usr/bin/python3]\n"
		+ "            [keep=<file>]: one CMEMS step in the engine and in the PyTorch twin on the same weights and batch (dropout and\n"
		+ "            noise off); prints the relative differences of logits, auxiliary logits, loss terms, gradients and updated weights";

	/** The keys it takes; each is in {@link #USAGE}. */
	static final List<String> KEYS = List.of("size", "labeled", "unlabeled", "seed", "upsample", "python", "keep");

	private ParityCommand() {}

	static int run(final Arguments args, final PrintStream out) throws IOException {
		final int size = args.integer("size", 64);
		final int labeled = args.integer("labeled", 4);
		final int unlabeled = args.integer("unlabeled", 4);
		final long seed = args.longValue("seed", 1);
		final String[] modes = args.string("upsample", "interpolate,matmul").split(",");
		final String python = args.string("python", PytorchTwin.DEFAULT_PYTHON);
		final Path keep = args.path("keep", null);
		if (size < 16 || size % 16 != 0) throw new IllegalArgumentException("size must be a multiple of 16, was " + size);
		if (labeled < 1 || unlabeled < 2) throw new IllegalArgumentException("labeled must be >= 1 and unlabeled >= 2");
		if (keep != null) OutputPaths.requireWritableFile(keep, "keep");
		final Path repository = PytorchTwin.repository();
		final PytorchTwin.Availability a = PytorchTwin.check(python);
		if (!a.available) throw new IllegalArgumentException("parity needs PyTorch: " + a.reason);
		final Path file = keep != null ? keep : Files.createTempFile("cmems-parity-", ".tns");
		boolean pass = true;
		try {
			Parity.export(file, size, (labeled + 1) / 2, labeled / 2, unlabeled, seed, false);
			for (final String mode : modes) {
				final Parity.Result r = Parity.compare(python, repository, file, mode.trim());
				out.printf(Locale.ROOT, "PyTorch %s twin (upsampling: %s) vs the engine, %dx%d, %d labeled + %d unlabeled, seed %d:%n", r.torchVersion,
					r.upsample, size, size, labeled, unlabeled, seed);
				for (final Map.Entry<String, Double> e : r.quantities.entrySet())
					out.printf(Locale.ROOT, "  %-31s %.2e%s%n", e.getKey(), e.getValue(),
						e.getValue() < Parity.tolerance(e.getKey()) ? "" : "  ABOVE TOLERANCE " + Parity.tolerance(e.getKey()));
				final boolean ok = r.failures().isEmpty();
				out.printf(Locale.ROOT, "  largest relative difference: outputs, loss terms, statistics %.2e (tolerance %.0e); gradients, parameters after "
					+ "the step %.2e (tolerance %.0e): %s%n%n", r.maxForward(), Parity.TOLERANCE, r.maxBackward(), Parity.BACKWARD_TOLERANCE,
					ok ? "PASS" : "FAIL " + r.failures());
				pass &= ok;
			}
		}
		finally {
			if (keep == null) Files.deleteIfExists(file);
		}
		return pass ? 0 : 1;
	}
}
