package sc.fiji.cmems.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.ModelInfo;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.train.TrainingListener;
import sc.fiji.cmems.engine.train.TrainingResult;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.io.OutputPaths;
import sc.fiji.cmems.report.ProgressPrinter;

/**
 * Trains a model and writes it: the model file is checked before any work,
 * training can be stopped at any time (the best model so far is written), and
 * the outcome says what was kept.
 */
public final class TrainingJob {

	private TrainingJob() {}

	/** What a finished (or stopped) run wrote. */
	public static final class Outcome {

		public final Path modelFile;
		public final int iterationsDone;
		public final int iterationsPlanned;
		/** Iterations of the networks that were kept (the best validated, else the last). */
		public final int keptIteration;
		public final Double validationDice;
		public final boolean stopped;
		public final double seconds;

		Outcome(final Path modelFile, final int iterationsDone, final int iterationsPlanned, final int keptIteration, final Double validationDice,
			final boolean stopped, final double seconds)
		{
			this.modelFile = modelFile;
			this.iterationsDone = iterationsDone;
			this.iterationsPlanned = iterationsPlanned;
			this.keptIteration = keptIteration;
			this.validationDice = validationDice;
			this.stopped = stopped;
			this.seconds = seconds;
		}

		/** @return two lines for the user: where the model is, and what it is */
		public String summary() {
			final StringBuilder sb = new StringBuilder("Model written to ").append(modelFile).append('\n');
			sb.append(stopped ? "stopped after " + iterationsDone + " of " + iterationsPlanned + " iterations" : iterationsDone + " iterations");
			sb.append(" in ").append(ProgressPrinter.duration(seconds));
			if (validationDice != null)
				sb.append(String.format(Locale.ROOT, "; kept the networks of iteration %d (best validation Dice %.4f)", keptIteration, validationDice));
			else if (stopped) sb.append("; kept the networks of iteration ").append(keptIteration);
			return sb.toString();
		}
	}

	/**
	 * @param modelFile where the model goes; its folder must exist
	 * @param stop polled before each iteration; true stops and keeps the best model so far
	 * @throws IllegalArgumentException for bad inputs or settings (the message names them)
	 */
	public static Outcome train(final TrainingInputs inputs, final TrainingSettings settings, final Path modelFile, final TrainingListener listener,
		final BooleanSupplier stop) throws IOException
	{
		checkModelFile(modelFile);
		final TrainingResult result = new Trainer(settings).listener(listener).stopWhen(stop).train(inputs);
		try (SegmentationModel model = result.model()) {
			ModelBundle.write(model, modelFile);
			final ModelInfo info = model.info();
			return new Outcome(modelFile, result.iterationsDone(), settings.iterations, info.iterations, info.validationDice, result.stopped(), result.seconds());
		}
	}

	/** @throws IllegalArgumentException when the model cannot be written there (the message names model= and the file) */
	public static void checkModelFile(final Path modelFile) {
		if (modelFile == null) throw new IllegalArgumentException("no model file given (model=<file.cmems>)");
		OutputPaths.requireWritableFile(modelFile, "model");
	}
}
