package sc.fiji.cmems.engine.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.FocusSettings.Stage;

/**
 * A run in two stages, each an ordinary run of the {@link Trainer} with the
 * same method and settings:
 * <ol>
 * <li><b>locate</b>: the networks learn on whole images (a share
 * {@code focus.locateShare} of the iterations);</li>
 * <li><b>segment</b>: their model segments every unlabeled and validation
 * image, a box is put around what it found ({@link FocusedInputs}), the
 * exemplar's box around its labels, and new networks learn on the boxes' pixels
 * (the other iterations). Each box's side follows the size of its structures, so
 * a small end-systolic heart and a large diastolic one reach the network at the
 * same scale.</li>
 * </ol>
 * The result is a two-stage model (the first stage's model nested in it) that
 * {@link sc.fiji.cmems.engine.infer.Segmenter} applies the same way. One
 * checkpoint file serves both stages: its settings name the stage, and in the
 * second stage it carries the first stage's model, so a resume needs nothing
 * else. Stopped during the first stage, the run returns the first stage's
 * model (a one-stage model of the whole image).
 */
final class FocusedTraining {

	private FocusedTraining() {}

	static TrainingResult train(final TrainingSettings run, final TrainingInputs inputs, final TrainingListener listener, final BooleanSupplier stop,
		final Path checkpoint) throws IOException
	{
		FocusedInputs.requireOneExemplar(inputs);
		final long start = System.nanoTime();
		final TrainingSettings locate = stage(run, Stage.LOCATE);
		listener.message(describe(locate));
		final TrainingResult first = new Trainer(locate).listener(listener).stopWhen(stop).checkpoints(checkpoint).train(inputs);
		return afterLocating(run, first, inputs, listener, stop, checkpoint, start);
	}

	/** Continues from a checkpoint written by either stage ({@code stageSettings} are its settings, with this run's device and threads). */
	static TrainingResult resume(final Path checkpoint, final Map<String, byte[]> entries, final TrainingSettings stageSettings, final TrainingInputs inputs,
		final TrainingListener listener, final BooleanSupplier stop) throws IOException
	{
		final long start = System.nanoTime();
		final TrainingSettings run = runOf(stageSettings);
		if (stageSettings.focus.stage == Stage.LOCATE) {
			listener.message(describe(stageSettings));
			final TrainingResult first = Trainer.resumeStage(checkpoint, entries, stageSettings, inputs, listener, stop, new LinkedHashMap<>());
			return afterLocating(run, first, inputs, listener, stop, checkpoint, start);
		}
		final byte[] localiser = entries.get(ModelBundle.LOCALISER_ENTRY);
		if (localiser == null)
			throw new ModelBundle.BundleException(checkpoint, "it is a checkpoint of a second stage, but holds no " + ModelBundle.LOCALISER_ENTRY);
		final TrainingInputs boxes = boxes(run, localiser, checkpoint, inputs, listener);
		listener.message(describe(stageSettings));
		final TrainingResult second = Trainer.resumeStage(checkpoint, entries, stageSettings, boxes, listener, stop, carry(localiser));
		final int located = stage(run, Stage.LOCATE).iterations;
		return new TrainingResult(second.model(), located + second.iterationsDone(), second.stopped(), second.history(), second.validations(),
			(System.nanoTime() - start) / 1e9);
	}

	private static TrainingResult afterLocating(final TrainingSettings run, final TrainingResult first, final TrainingInputs inputs,
		final TrainingListener listener, final BooleanSupplier stop, final Path checkpoint, final long start) throws IOException
	{
		if (first.stopped()) {
			listener.message("Stopped while learning where the structures are: the model is that first stage's, a one-stage model of whole images");
			return first;
		}
		final byte[] localiser;
		final List<byte[]> warm;
		try (SegmentationModel model = first.model()) {
			localiser = ModelBundle.bytes(model);
			warm = run.focus.warmStart ? ModelBundle.networkBytes(model.networks()) : null;
		}
		final TrainingInputs boxes = boxes(run, localiser, checkpoint, inputs, listener);
		final TrainingSettings segment = stage(run, Stage.SEGMENT);
		listener.message(describe(segment));
		final TrainingResult second = new Trainer(segment).listener(listener).stopWhen(stop).checkpoints(checkpoint).carry(carry(localiser)).startFrom(warm).train(boxes);
		final List<IterationReport> history = new ArrayList<>(first.history());
		history.addAll(second.history());
		final List<ValidationReport> validations = new ArrayList<>(first.validations());
		validations.addAll(second.validations());
		return new TrainingResult(second.model(), first.iterationsDone() + second.iterationsDone(), second.stopped(), history, validations,
			(System.nanoTime() - start) / 1e9);
	}

	/** @return the inputs of the second stage: boxes found by the first stage's model (given as bundle bytes) */
	private static TrainingInputs boxes(final TrainingSettings run, final byte[] localiser, final Path checkpoint, final TrainingInputs inputs,
		final TrainingListener listener) throws IOException
	{
		if (run.threads > 0) Djl.setThreads(run.threads);
		Djl.prepareThread();
		try (SegmentationModel model = ModelBundle.read(checkpoint != null ? checkpoint : java.nio.file.Paths.get("(first stage)"), localiser,
			DeviceChoice.resolve(run.device).device()))
		{
			return FocusedInputs.around(model, run.focus.recipe(), inputs, listener);
		}
	}

	private static Map<String, byte[]> carry(final byte[] localiser) {
		final Map<String, byte[]> m = new LinkedHashMap<>();
		m.put(ModelBundle.LOCALISER_ENTRY, localiser);
		return m;
	}

	/** @return the iterations of the first stage of a run of {@code iterations} */
	static int locateIterations(final int iterations, final double share) {
		return Math.max(1, Math.min(iterations - 1, (int) Math.round(iterations * share)));
	}

	/** @return a stage's own settings, derived from the whole run's */
	static TrainingSettings stage(final TrainingSettings run, final Stage stage) {
		final TrainingSettings s = run.copy();
		s.focus.stage = stage;
		s.focus.runIterations = run.iterations;
		s.focus.runImageSize = run.imageSize;
		final int locate = locateIterations(run.iterations, run.focus.locateShare);
		if (stage == Stage.LOCATE) {
			s.iterations = locate;
			if (run.focus.locateImageSize > 0) s.imageSize = run.focus.locateImageSize;
		}
		else s.iterations = run.iterations - locate;
		return s;
	}

	/** @return the whole run's settings, from a stage's */
	static TrainingSettings runOf(final TrainingSettings stage) {
		final TrainingSettings s = stage.copy();
		s.iterations = stage.focus.runIterations;
		s.imageSize = stage.focus.runImageSize;
		s.focus.stage = null;
		s.focus.runIterations = 0;
		s.focus.runImageSize = 0;
		return s;
	}

	private static String describe(final TrainingSettings stage) {
		return stage.focus.stage == Stage.LOCATE
			? "Stage 1 of 2: learning where the structures are, on whole images (" + stage.iterations + " iterations at " + stage.imageSize + "x" + stage.imageSize + ")"
			: "Stage 2 of 2: learning to segment boxes around the structures (" + stage.iterations + " iterations at " + stage.imageSize + "x" + stage.imageSize + ")";
	}
}
