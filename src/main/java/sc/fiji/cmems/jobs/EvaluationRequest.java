package sc.fiji.cmems.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.ModelInfo;

/**
 * An evaluation as a user asks for it: which classes (given, from a model, or
 * from the images) with which names, in voxels or calibrated units. A label
 * beyond the model's classes is an error that names the image and the model.
 */
public final class EvaluationRequest {

	private final Path predictions, truths;
	private final String filter;
	private final Path modelFile;
	private final int classes;
	private final List<String> classNames;
	private final boolean calibrated;

	/**
	 * @param modelFile a model whose classes the images must have, or null
	 * @param classes C including background, or 0 (from the model, else from the images)
	 * @param classNames comma-separated, background first; empty for the model's or "class c"
	 */
	public EvaluationRequest(final Path predictions, final Path truths, final String filter, final Path modelFile, final int classes,
		final String classNames, final boolean calibrated)
	{
		this.predictions = predictions;
		this.truths = truths;
		this.filter = filter;
		this.modelFile = modelFile;
		this.classes = classes;
		this.classNames = TrainingOptions.classNames(classNames);
		this.calibrated = calibrated;
		if (classes < 0 || classes == 1) throw new IllegalArgumentException("classes must be 0 (from the images) or at least 2, was " + classes);
	}

	/** Evaluates the matching files of the two folders. */
	public List<SegmentationEvaluation.Row> evaluateFolders(final List<String> unmatched) throws IOException {
		return evaluate(folderPairs(unmatched), null);
	}

	/** @return the matching files of the two folders, read; predictions without ground truth are added to {@code unmatched} */
	public List<SegmentationEvaluation.Pair> folderPairs(final List<String> unmatched) throws IOException {
		if (predictions == null || truths == null)
			throw new IllegalArgumentException("give a predictions folder and a ground-truth folder (predictionfolder=... truthfolder=...), or two open label images (prediction=... truth=...)");
		return SegmentationEvaluation.pairs(predictions, truths, filter, sc.fiji.cmems.io.formats.ReadOptions.defaults(), unmatched);
	}

	public List<SegmentationEvaluation.Row> evaluate(final List<SegmentationEvaluation.Pair> pairs) throws IOException {
		return evaluate(pairs, null);
	}

	/** @param pairsDone told the number of pairs done after each, or null */
	public List<SegmentationEvaluation.Row> evaluate(final List<SegmentationEvaluation.Pair> pairs, final IntConsumer pairsDone) throws IOException {
		final int found = SegmentationEvaluation.classesOf(pairs);
		int count = classes;
		List<String> names = classNames;
		if (modelFile != null) {
			final ModelInfo info = ModelBundle.readInfo(modelFile);
			if (classes > 0 && classes != info.classes)
				throw new IllegalArgumentException("classes=" + classes + " but model " + modelFile.getFileName() + " was trained for " + info.classes + " classes " + info.classNames);
			if (found > info.classes)
				throw new IllegalArgumentException(imageWithLabel(pairs, found - 1) + " has label " + (found - 1) + ", but model " + modelFile.getFileName() + " was trained for "
					+ info.classes + " classes " + info.classNames + " (labels 0.." + (info.classes - 1) + ")");
			count = info.classes;
			if (names.isEmpty()) names = info.classNames;
		}
		if (count == 0) count = found;
		if (!names.isEmpty() && names.size() != count)
			throw new IllegalArgumentException("classnames has " + names.size() + " names " + names + " for " + count + " classes (background first)");
		if (found > count)
			throw new IllegalArgumentException(imageWithLabel(pairs, found - 1) + " has label " + (found - 1) + ", beyond the " + count + " classes (labels 0.." + (count - 1) + ")");
		return SegmentationEvaluation.evaluate(pairs, count, names, calibrated, pairsDone);
	}

	private static String imageWithLabel(final List<SegmentationEvaluation.Pair> pairs, final int label) {
		for (final SegmentationEvaluation.Pair p : pairs) {
			final List<SegmentationEvaluation.Pair> one = java.util.Collections.singletonList(p);
			if (SegmentationEvaluation.classesOf(one) > label) return "'" + p.name + "'";
		}
		return "an image";
	}
}
