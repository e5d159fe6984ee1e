package sc.fiji.cmems.engine.train;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.engine.data.InvalidInputException;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.infer.CropBox;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Localisation;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.FocusRecipe;
import sc.fiji.cmems.engine.model.SegmentationModel;

/**
 * The second stage's inputs: each input cut down to the box around its
 * structures ({@link CropBox#crop}, a view). The exemplar's box and those of a
 * labeled pool come from their labels; the boxes of unlabeled and validation
 * images come from the first stage's prediction, as they will at inference
 * (validation thus measures the second stage as it will be used). An
 * unlabeled image in which the first stage finds nothing gets the exemplar's
 * box at the exemplar's place; a validation image is left out (at inference
 * it would get the first stage's result). Both are counted in a message.
 */
final class FocusedInputs {

	/**
	 * A box's side stays within this factor of the exemplar's: the training data
	 * refuses images more than 4x apart ({@code TrainingData}), and a box that far
	 * off the exemplar's is a failed localisation more often than a heart of that size.
	 */
	static final double MAX_SIDE_RATIO = 3.5;

	private FocusedInputs() {}

	/** @throws InvalidInputException unless the inputs have one exemplar slice (the two stages are built around it) */
	static void requireOneExemplar(final TrainingInputs inputs) {
		if (inputs.labeled().size() > 1 || ImgSlices.count(inputs.exemplar().image()) > 1)
			throw new InvalidInputException("two-stage training (focus.enabled=true) learns from one exemplar slice; it was given " + inputs.labeled().size()
				+ " labeled image(s) starting with '" + inputs.exemplar().name() + "'. Train in one stage (focus.enabled=false) to use a labeled set");
	}

	static TrainingInputs around(final SegmentationModel localiser, final FocusRecipe recipe, final TrainingInputs inputs, final TrainingListener listener) {
		final ImageInput exemplar = inputs.exemplar();
		final CropBox exemplarBox = Localisation.locate(exemplar.labels(), recipe, false);
		if (exemplarBox == null) throw new InvalidInputException("the exemplar label image of '" + exemplar.name() + "' holds only background (0); label every structure once");
		final int side = exemplarBox.side();
		final Segmenter segmenter = new Segmenter(localiser, Ensemble.MEAN);

		final List<ImageInput> unlabeled = new ArrayList<>();
		int missed = 0;
		for (final ImageInput u : inputs.unlabeled()) {
			CropBox b = predictedBox(segmenter, u, recipe, side);
			if (b == null) {
				// the exemplar's box in the same place: images of one study mostly share the field of view
				missed++;
				final int slices = ImgSlices.count(u.image());
				b = new CropBox(exemplarBox.x0(), exemplarBox.y0(), side, 0, slices - 1);
			}
			final CropBox box = b;
			unlabeled.add(u.map(c -> box.crop(c)));
		}
		final List<ImageInput> validation = new ArrayList<>();
		final List<String> missedValidation = new ArrayList<>();
		for (final ImageInput v : inputs.validation()) {
			final CropBox b = predictedBox(segmenter, v, recipe, side);
			if (b == null) missedValidation.add(v.name());
			else validation.add(v.map(c -> b.crop(c)));
		}
		final List<ImageInput> pool = new ArrayList<>();
		for (final ImageInput l : inputs.labeledPool()) {
			final CropBox b = clamp(Localisation.locate(l.labels(), recipe, false), side);
			if (b != null) pool.add(l.map(c -> b.crop(c)));
		}
		listener.message("Boxes around the structures: the exemplar's is " + side + "x" + side + " pixels; " + inputs.unlabeled().size()
			+ " unlabeled images" + (missed > 0 ? " (the first stage found nothing in " + missed + "; they get the exemplar's box)" : "")
			+ (inputs.validation().isEmpty() ? "" : ", " + validation.size() + " of " + inputs.validation().size() + " validation images")
			+ (missedValidation.isEmpty() ? "" : " (nothing found in " + String.join(", ", missedValidation) + ")")
			+ (inputs.labeledPool().isEmpty() ? "" : ", " + pool.size() + " of " + inputs.labeledPool().size() + " labeled images"));
		return new TrainingInputs(exemplar.map(c -> exemplarBox.crop(c)), unlabeled, validation, pool);
	}

	private static CropBox predictedBox(final Segmenter segmenter, final ImageInput input, final FocusRecipe recipe, final int exemplarSide) {
		final ArrayImg<UnsignedShortType, ShortArray> predicted = segmenter.segment(input);
		return clamp(Localisation.locate(predicted, recipe, true), exemplarSide);
	}

	/** @return the box with its side within {@link #MAX_SIDE_RATIO} of the exemplar's, or null for null */
	static CropBox clamp(final CropBox box, final int exemplarSide) {
		if (box == null) return null;
		final int min = (int) Math.ceil(exemplarSide / MAX_SIDE_RATIO), max = (int) Math.floor(exemplarSide * MAX_SIDE_RATIO);
		return box.side() < min ? box.withSide(min) : box.side() > max ? box.withSide(max) : box;
	}
}
