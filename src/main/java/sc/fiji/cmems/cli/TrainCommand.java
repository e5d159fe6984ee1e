package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.train.TrainingResult;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.report.ProgressPrinter;
import sc.fiji.cmems.io.formats.ReadOptions;

/** {@code cmems train}: trains a model from an exemplar and unlabeled images. */
final class TrainCommand {

	static final String USAGE = "cmems train exemplar=<image> [labels=<label image>] unlabeled=<file or folder> [filter=*]\n"
		+ "                 [validation=<file or folder> [validationlabels=<folder>]] model=<out.cmems>\n"
		+ "                 [checkpoint=<file>] [resume=false] [imagedataset=image labeldataset=label] [<training setting>=value ...]\n"
		+ "            (an HDF5 exemplar or validation file holds both datasets; see 'cmems settings' for the settings)";

	private TrainCommand() {}

	static int run(final Arguments args, final PrintStream out) throws IOException {
		final ReadOptions options = InputFiles.options(args);
		final Path exemplar = args.path("exemplar", null);
		if (exemplar == null) throw new IllegalArgumentException("missing argument exemplar=<image>");
		final Path model = args.path("model", null);
		if (model == null) throw new IllegalArgumentException("missing argument model=<out.cmems>");
		final TrainingSettings settings = new TrainingSettings();
		Main.applySettings(args, settings);
		settings.check();
		final String filter = args.string("filter", "*");
		final List<ImageInput> unlabeled = new ArrayList<>();
		if (args.has("unlabeled")) for (final Path p : InputFiles.list(args.path("unlabeled", null), filter)) unlabeled.add(InputFiles.unlabeled(p, options));
		final List<ImageInput> validation = new ArrayList<>();
		if (args.has("validation")) {
			final Path labelsDir = args.path("validationlabels", null);
			for (final Path p : InputFiles.list(args.path("validation", null), filter))
				validation.add(InputFiles.labeled(p, labelsDir == null ? null : labelsDir.resolve(p.getFileName()), options));
		}
		final TrainingInputs inputs = new TrainingInputs(InputFiles.labeled(exemplar, args.path("labels", null), options), unlabeled, validation);
		final Path checkpoint = args.path("checkpoint", null);
		final ProgressPrinter progress = new ProgressPrinter(out, settings.method, 50);
		final TrainingResult result;
		if (args.flag("resume", false)) {
			if (checkpoint == null || !Files.exists(checkpoint)) throw new IllegalArgumentException("resume=true needs an existing checkpoint=<file>, was " + checkpoint);
			result = Trainer.resume(checkpoint, inputs, settings, progress, null);
		}
		else result = new Trainer(settings).listener(progress).checkpoints(checkpoint).train(inputs);
		try (SegmentationModel m = result.model()) {
			ModelBundle.write(m, model);
			out.printf(Locale.ROOT, "model written to %s (%d iterations%s, %s)%n", model, m.info().iterations,
				m.info().validationDice == null ? "" : String.format(Locale.ROOT, ", validation Dice %.4f", m.info().validationDice),
				ProgressPrinter.duration(result.seconds()));
		}
		return 0;
	}
}
