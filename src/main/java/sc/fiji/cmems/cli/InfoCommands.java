package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.ModelInfo;
import sc.fiji.cmems.jobs.Arguments;

/** {@code cmems info} and {@code cmems device}. */
final class InfoCommands {

	static final String INFO_USAGE = "cmems info model=<file.cmems>";
	static final List<String> INFO_KEYS = List.of("model");
	static final String DEVICE_USAGE = "cmems device [device=auto]: which device training would use, and why";
	static final List<String> DEVICE_KEYS = List.of("device");

	private InfoCommands() {}

	static int info(final Arguments args, final PrintStream out) throws IOException {
		final Path file = args.path("model", null);
		if (file == null) throw new IllegalArgumentException("missing argument model=<file.cmems>");
		final ModelInfo info = ModelBundle.validate(file); // every field and tensor checked, as segmenting with it would
		out.println("model " + file);
		out.println("  method " + info.method + ", " + info.networks + " network(s), classes " + info.classNames);
		out.println("  input " + info.imageSize + "x" + info.imageSize + ", normalisation " + info.normalization);
		if (info.network.inputChannels > 1 || info.inputs != null) {
			final StringBuilder reads = new StringBuilder("  images of " + info.network.inputChannels + " channel(s)");
			if (info.inputs != null) for (int k = 0; k < info.networks; k++) reads.append(k == 0 ? "; " : ", ").append("network ").append(k + 1).append(" reads ").append(info.inputs.get(k));
			out.println(reads);
		}
		if (info.inference != null) out.println("  segments with network(s) " + info.inference);
		out.println("  trained " + info.iterations + " iterations, seed " + info.seed + (info.validationDice == null ? "" : ", validation Dice " + info.validationDice));
		out.println("  created " + info.created + " with " + info.software + " (format " + info.format + " " + info.formatVersion + ")");
		return 0;
	}

	static int device(final Arguments args, final PrintStream out) {
		final DeviceChoice choice = DeviceChoice.resolve(args.string("device", "auto"));
		out.println("device: " + choice.description());
		if (choice.fallbackReason() != null) out.println("no GPU: " + choice.fallbackReason());
		out.println("engine: " + sc.fiji.cmems.engine.device.Djl.engine());
		return 0;
	}
}
