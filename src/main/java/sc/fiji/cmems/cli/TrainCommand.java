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
import sc.fiji.cmems.io.ChannelFiles;
import sc.fiji.cmems.io.OutputPaths;
import sc.fiji.cmems.io.formats.ReadOptions;
import sc.fiji.cmems.jobs.Arguments;
import sc.fiji.cmems.report.ProgressPrinter;

/** {@code cmems train}: trains a model from an exemplar (or a labeled set) and unlabeled images. */
final class TrainCommand {

	static final String USAGE = "cmems train exemplar=<image>[,<image>...] [labels=<label image>[,...]] unlabeled=<file or folder> [filter=*]\n"
		+ "                 [validation=<file or folder> [validationlabels=<folder>]] model=<out.cmems>\n"
		+ "                 [checkpoint=<file>] [resume=false] [imagedataset=image labeldataset=label] [<training setting>=value ...]\n"
		+ "            (an HDF5 exemplar or validation file holds both datasets; several exemplar= images, or labeled stacks, are a\n"
		+ "            labeled set: every slice that holds a label is learnt from; see 'cmems settings' for the settings)\n"
		+ "            [channels=C0,LGE,T2 [labelchannel=gd]] [labelmap=200:2,500:3,600:1]: images of several channels, one file per\n"
		+ "            channel, named by replacing the first token of the given files' names; label values mapped to classes";

	/** The keys it takes besides the training settings; each is in {@link #USAGE}. */
	static final List<String> KEYS = List.of("exemplar", "labels", "unlabeled", "filter", "validation", "validationlabels", "model", "checkpoint", "resume",
		"imagedataset", "labeldataset", "channels", "labelchannel", "labelmap");

	private TrainCommand() {}

	static int run(final Arguments args, final PrintStream out) throws IOException {
		// every argument first: a bad one stops the command before any file is read
		final ReadOptions options = InputFiles.options(args);
		final ChannelFiles channels = InputFiles.channels(args);
		final List<Path> exemplars = args.paths("exemplar");
		if (exemplars.isEmpty()) throw new IllegalArgumentException("missing argument exemplar=<image>");
		final List<Path> labels = args.paths("labels");
		if (!labels.isEmpty() && labels.size() != exemplars.size())
			throw new IllegalArgumentException("labels= must name one label image per exemplar= image: " + exemplars.size() + " images, " + labels.size() + " label images");
		final Path model = args.path("model", null);
		if (model == null) throw new IllegalArgumentException("missing argument model=<out.cmems>");
		final Path checkpoint = args.path("checkpoint", null);
		final boolean resume = args.flag("resume", false);
		final String filter = args.string("filter", "*");
		final Path unlabeledFiles = args.path("unlabeled", null);
		final Path validationFiles = args.path("validation", null);
		final Path validationLabels = args.path("validationlabels", null);
		if (validationLabels != null && validationFiles == null)
			throw new IllegalArgumentException("validationlabels=" + validationLabels + " needs validation=<file or folder> (the images they label)");
		final TrainingSettings settings = new TrainingSettings();
		Main.applySettings(args, settings);
		settings.check();
		// the outputs, so that a long run does not fail at its end
		OutputPaths.requireWritableFile(model, "model");
		if (checkpoint != null) OutputPaths.requireWritableFile(checkpoint, "checkpoint");
		if (resume && (checkpoint == null || !Files.exists(checkpoint)))
			throw new IllegalArgumentException("resume=true needs an existing checkpoint=<file>, was " + checkpoint);

		final List<ImageInput> unlabeled = new ArrayList<>();
		if (unlabeledFiles != null) for (final Path p : InputFiles.list(unlabeledFiles, filter)) unlabeled.add(InputFiles.unlabeled(p, options, channels));
		final List<ImageInput> validation = new ArrayList<>();
		if (validationFiles != null) {
			for (final Path p : InputFiles.list(validationFiles, filter))
				validation.add(InputFiles.labeled(p, validationLabels == null ? null : validationLabels.resolve(p.getFileName()), options, channels));
		}
		final List<ImageInput> labeled = new ArrayList<>();
		for (int i = 0; i < exemplars.size(); i++) labeled.add(InputFiles.labeled(exemplars.get(i), labels.isEmpty() ? null : labels.get(i), options, channels));
		final TrainingInputs inputs = new TrainingInputs(labeled, unlabeled, validation, new ArrayList<>());
		final ProgressPrinter progress = new ProgressPrinter(out, settings.method, 50);
		final TrainingResult result = resume ? Trainer.resume(checkpoint, inputs, settings, progress, null)
			: new Trainer(settings).listener(progress).checkpoints(checkpoint).train(inputs);
		try (SegmentationModel m = result.model()) {
			ModelBundle.write(m, model);
			out.printf(Locale.ROOT, "model written to %s (%d iterations%s, %s)%n", model, m.info().iterations,
				m.info().validationDice == null ? "" : String.format(Locale.ROOT, ", validation Dice %.4f", m.info().validationDice),
				ProgressPrinter.duration(result.seconds()));
		}
		return 0;
	}
}
