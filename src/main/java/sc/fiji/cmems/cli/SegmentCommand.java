package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LabelTiffWriter;
import sc.fiji.cmems.io.formats.LoadedImage;

/**
 * {@code cmems segment}: a model applied to one image or every matching file
 * of a folder; label TIFFs (with the input's calibration) go to the output
 * folder. A file that fails is reported and skipped; the summary counts them.
 */
final class SegmentCommand {

	static final String USAGE = "cmems segment model=<file.cmems> input=<file or folder> output=<folder> [filter=*]\n"
		+ "                   [ensemble=ensemble|model1|model2] [device=auto] [skipexisting=false] [largestcomponent=false]";

	private SegmentCommand() {}

	static int run(final Arguments args, final PrintStream out) throws IOException {
		final Path modelFile = args.path("model", null);
		if (modelFile == null) throw new IllegalArgumentException("missing argument model=<file.cmems>");
		final Path input = args.path("input", null);
		if (input == null) throw new IllegalArgumentException("missing argument input=<file or folder>");
		final Path output = args.path("output", null);
		if (output == null) throw new IllegalArgumentException("missing argument output=<folder>");
		final Ensemble ensemble = Ensemble.parse(args.string("ensemble", "ensemble"));
		final boolean skipExisting = args.flag("skipexisting", false);
		final List<Path> files = InputFiles.list(input, args.string("filter", "*"));
		final DeviceChoice device = DeviceChoice.resolve(args.string("device", "auto"));
		Files.createDirectories(output);
		int done = 0, skipped = 0, failed = 0;
		try (SegmentationModel model = ModelBundle.read(modelFile, device.device())) {
			final Segmenter segmenter = new Segmenter(model, ensemble).largestComponent(args.flag("largestcomponent", false));
			for (final Path file : files) {
				final Path target = output.resolve(baseName(file) + ".tif");
				if (skipExisting && Files.exists(target)) {
					skipped++;
					continue;
				}
				try {
					final LoadedImage image = ImageReaders.open(file, InputFiles.options(args));
					final ArrayImg<UnsignedShortType, ShortArray> labels = segmenter.segment(image.getImage());
					LabelTiffWriter.write(labels, image.getVoxelSize(), image.getUnit(), target);
					out.println("segmented " + file + " -> " + target);
					done++;
				}
				catch (final IOException | RuntimeException e) {
					out.println("FAILED " + file + ": " + e.getMessage());
					failed++;
				}
			}
		}
		out.println("segmented " + done + ", skipped " + skipped + " (already done), failed " + failed + " of " + files.size() + " file(s) with " + device.description());
		return failed == 0 ? 0 : 1;
	}

	/** @return the file name without its extension(s) such as .tif, .nii.gz, .h5 */
	static String baseName(final Path file) {
		final String n = file.getFileName().toString();
		if (n.toLowerCase().endsWith(".nii.gz")) return n.substring(0, n.length() - 7);
		final int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}
}
