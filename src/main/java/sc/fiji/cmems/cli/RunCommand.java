package sc.fiji.cmems.cli;

import ij.ImagePlus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.ui.UIService;

import sc.fiji.cmems.commands.CommandRunner;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LoadedImage;
import sc.fiji.cmems.io.formats.TiffWriter;
import sc.fiji.cmems.io.imagej.ImagePlusImgs;
import sc.fiji.cmems.jobs.Arguments;

/**
 * {@code cmems run "<menu label>" "key=value,..."}: runs a Fiji command of this
 * plugin headless, as Fiji's {@code --headless --run} would, in a SciJava
 * context of its own. Image parameters take file paths; an image output is
 * saved when its name is given a file ({@code labels=out.tif}).
 */
final class RunCommand {

	static final String USAGE = "cmems run \"<command>\" \"key=value,...\"   (cmems run: the commands and their parameters)";

	private RunCommand() {}

	static int run(final String[] args, final PrintStream out, final PrintStream err) throws IOException {
		try (Context context = new Context()) {
			context.service(UIService.class).setHeadless(true);
			final CommandRunner runner = new CommandRunner(context);
			if (args.length == 0) {
				out.println("usage: " + USAGE + "\n");
				for (final CommandInfo info : runner.commands()) out.println(runner.usage(info));
				return 0;
			}
			final Arguments options = Arguments.fromMacroOptions(String.join(" ", Arrays.copyOfRange(args, 1, args.length)));
			final CommandRunner.Outcome outcome = runner.run(args[0], options, RunCommand::openImage);
			if (outcome.canceled) {
				err.println("error: " + outcome.cancelReason);
				// canceled without an exception: by SciJava (e.g. a required parameter left out), a bad argument too
				return outcome.failure == null || Main.isBadInput(outcome.failure) ? Main.BAD_INPUT : Main.FAILED;
			}
			for (final Map.Entry<String, Object> o : outcome.outputs.entrySet()) {
				final Object value = o.getValue();
				if (value instanceof ImagePlus) {
					final String target = outcome.saveTo.get(o.getKey());
					final ImagePlus imp = (ImagePlus) value;
					if (target != null) {
						TiffWriter.write(imp, Paths.get(target).toAbsolutePath());
						out.println(o.getKey() + ": '" + imp.getTitle() + "' saved to " + target);
					}
					else out.println(o.getKey() + ": '" + imp.getTitle() + "' " + imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize()
						+ " (not saved; add " + o.getKey() + "=<file.tif> to save it)");
				}
			}
			return 0;
		}
	}

	/** An image parameter on the command line is a file (TIFF, HDF5, NIfTI ...). */
	private static ImagePlus openImage(final String key, final String value) throws IOException {
		final Path file = Paths.get(value);
		final LoadedImage image = ImageReaders.open(file);
		return ImagePlusImgs.toImagePlus(image.getImage(), image.getVoxelSize(), image.getUnit(), file.getFileName().toString());
	}
}
