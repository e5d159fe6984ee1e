package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import sc.fiji.cmems.jobs.Arguments;
import sc.fiji.cmems.jobs.BioImageIoExport;

/** {@code cmems export}: a model as a bioimage.io package with TorchScript weights ({@link BioImageIoExport}). */
final class ExportCommand {

	static final String USAGE = "cmems export model=<file.cmems> out=<package.zip> [format=bioimageio] [python=/usr/bin/python3]\n"
		+ "            a bioimage.io model package (rdf.yaml 0.5, TorchScript weights written by PyTorch in Python, test tensors from the\n"
		+ "            embedded phantom, cover, documentation) for deepImageJ, JDLL-based tools and the bioimage.io Python tools; the\n"
		+ "            TorchScript is loaded back through DJL and must reproduce the engine's softmax within 1e-4";

	static final List<String> KEYS = List.of("model", "out", "format", "python");

	private ExportCommand() {}

	static int run(final Arguments args, final PrintStream out) throws IOException {
		final Path model = args.path("model", null);
		if (model == null) throw new IllegalArgumentException("missing argument model=<file.cmems>");
		final Path file = args.path("out", null);
		if (file == null || !file.toString().endsWith(".zip")) throw new IllegalArgumentException("out must be a .zip file, was " + file);
		final String format = args.string("format", "bioimageio");
		if (!format.equals("bioimageio")) throw new IllegalArgumentException("format must be bioimageio, was " + format);
		final BioImageIoExport.Result r = BioImageIoExport.export(model, file, null, args.string("python", "/usr/bin/python3"), out::println);
		out.println(String.format(Locale.ROOT, "written %s (TorchScript of torch %s, largest difference from the engine %.1e)", r.file, r.torch, r.maxDifference));
		return 0;
	}
}
